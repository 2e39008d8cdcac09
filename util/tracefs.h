/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints read by one process: a private tracefs instance
 * (instances/pmemctl-<pid>, then pmemctl-<pid>.<n>) with only the events its caller asked for, so
 * that neither the global buffer nor another tracer (rasdaemon, perf) is
 * disturbed, read as text lines through its trace_pipe.
 */
#ifndef PMEMCTL_UTIL_TRACEFS_H
#define PMEMCTL_UTIL_TRACEFS_H
#include <stdbool.h>
#include <stddef.h>

struct tracefs_inst;

/*
 * Where tracefs is mounted, into @buf. When nothing is, it is mounted at
 * /sys/kernel/tracing (as perf and rasdaemon do). -ENODEV: no tracefs in
 * this kernel; -EACCES/-EPERM: not privileged.
 */
int tracefs_root(char *buf, size_t len);

/*
 * Create this process's instance and enable each "system/event" of the
 * NULL-terminated @events; instances left by pmemctl processes that are gone
 * are removed first. @buffer_kb sets the per-CPU ring size (0: the kernel's
 * default). -ENOENT: an event this kernel lacks (its index in *@missing);
 * -ENODEV, -EACCES as tracefs_root. Nothing is left behind on failure.
 */
int tracefs_open(const char *const *events, unsigned buffer_kb, struct tracefs_inst **out,
		 int *missing);

/*
 * tracefs_open with a filter for some events (@filters parallel to
 * @events, a NULL entry for none), written before the event is enabled so
 * that the ring never holds what the filter leaves out. A filter the kernel
 * refuses fails with -EINVAL (its event's index in *@missing).
 */
int tracefs_open_filtered(const char *const *events, const char *const *filters, unsigned buffer_kb,
			  struct tracefs_inst **out, int *missing);

/* The instance's trace_pipe, non-blocking: poll() it for POLLIN. */
int tracefs_fd(const struct tracefs_inst *t);

/*
 * Call @fn for each complete line the ring holds now (without its newline);
 * a partial last line waits for the next call. @fn returning non-zero stops
 * the drain and is returned. Otherwise the number of lines, or -errno.
 */
int tracefs_drain(struct tracefs_inst *t, int (*fn)(const char *line, void *ctx), void *ctx);

/* Events the ring overwrote before they were read (the per-CPU "overrun"s). */
unsigned long long tracefs_lost(const struct tracefs_inst *t);

/* Disable the events and remove the instance. NULL is allowed. */
void tracefs_close(struct tracefs_inst *t);

/*
 * A text line "<task>-<pid> [cpu] <flags> <ts>: <event>: <body>": the body
 * when the line is @event's, else NULL.
 */
const char *tracefs_event_body(const char *line, const char *event);

/*
 * The head of a text line (what precedes @body, as tracefs_event_body found
 * it): the task that was running when the event fired, its pid and comm
 * (into @comm, @len bytes, may be NULL), and the timestamp in microseconds.
 * 0, or -EINVAL for a line without that head.
 */
int tracefs_line_head(const char *line, const char *body, int *pid, char *comm, size_t len,
		      unsigned long long *ts_us);

/*
 * The value of "key=value" in a body whose fields are "k1=v1 k2=v2 ...":
 * a value runs to the next " name=" (so empty values and values with
 * spaces are read right). -ENOENT when @key is absent, -ERANGE when @len is
 * too small.
 */
int tracefs_field(const char *body, const char *key, char *buf, size_t len);
#endif
