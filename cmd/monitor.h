/* SPDX-License-Identifier: GPL-2.0 */
/* pmemctl monitor's state, shared by monitor.c (the loop) and monitor-emit.c (the events). */
#ifndef PMEMCTL_CMD_MONITOR_H
#define PMEMCTL_CMD_MONITOR_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cmd/monitor-watch.h"
#include "lib/events.h"
#include "lib/poison.h"

struct json_object;
struct tracefs_inst;
struct pm_sigq;
struct monitor_cxl;

struct monitor_opts {
	struct pm_filter filter;
	const char *log;
	bool syslog, no_stdout, once, files, no_snapshot;
	enum pm_owner_method method;
	unsigned long long timeout;	/* seconds, 0: none */
};

struct monitor {
	const struct monitor_opts *o;
	struct ndctl_ctx *ctx;
	struct watches ws;
	int uevent;
	struct pm_snapshot snap;
	FILE *log;
	bool journal;		/* --syslog goes to journald as fields (else plain syslog) */
	unsigned long events;
	/* stdout takes no more (main reports it, or not for | head), or an event was lost: stop */
	bool stdout_lost;
	bool lost;		/* an event could not be made whole (out of memory): exit 1 */
	struct tracefs_inst *ras;	/* machine checks and memory failures; NULL: not watched */
	unsigned long long ras_lost;	/* the ring's overruns reported so far */
	int ras_rc, ras_missing;	/* why none is watched (-errno), and the tracepoint missing */
	unsigned ras_dropped;		/* bit i: tracepoint i is missing, the others are watched */
	bool ras_unfiltered;		/* the kernel refused the signal filter: filtered here only */
	struct pm_sigq *sigq;		/* SIGBUSes waiting for the memory failure that sent them */
	struct monitor_cxl *cxl;	/* CXL poison (cmd/monitor-cxl.c) */
};

/*
 * --syslog: journald when its socket is there (libsystemd loaded now), plain
 * syslog otherwise. EXIT_OK, or EXIT_FAIL when libsystemd cannot be loaded.
 */
int monitor_open_syslog(struct monitor *m);
/* One event: "time" and "event" first, then @rec's fields (NULL: none). */
void monitor_emit(struct monitor *m, const char *event, struct json_object *rec);
/* The event monitor_emit writes; NULL when a value of it or of @rec was lost (out of memory). */
struct json_object *monitor_event_json(const char *event, struct json_object *rec);
/* A snapshot record as the JSON of a poison record (with its owners when taken with files). */
struct json_object *monitor_rec_json(const struct pm_snap_rec *r);
/* The start-up snapshot: a poison-present event per record of m->snap, then "snapshot". */
void monitor_emit_snapshot(struct monitor *m);
/* The changes from @old to @now: poison-cleared, poison-reattributed, poison-added events. */
void monitor_emit_changes(struct monitor *m, const struct pm_snapshot *old, const struct pm_snapshot *now);

/* cmd/monitor-ras.c: the machine-check and memory-failure tracepoints */
/* Watch them (before the first look, as every watch). */
void monitor_ras_open(struct monitor *m);
/* Once at start, when some are not watched: an events-unwatched event says which and why. */
void monitor_ras_announce(struct monitor *m);
/* Stop watching; the SIGBUSes still held are reported first. */
void monitor_ras_close(struct monitor *m);
/* The records the trace pipe holds now, as machine-check and memory-failure events. */
void monitor_ras_drain(struct monitor *m);
/* Milliseconds until a held SIGBUS is due to be reported alone; -1: none is held. */
long long monitor_ras_wait_ms(struct monitor *m);
/* Report the held SIGBUSes no memory failure can claim any more (with @all: every one) as sigbus events. */
void monitor_ras_expire(struct monitor *m, bool all);

/* cmd/monitor-cxl.c: CXL poison, listed again after the trace events that change it */
/* Watch and take the first listing (with the NVDIMM snapshot: watch first, then look). */
void monitor_cxl_open(struct monitor *m);
/* Once at start, when CXL memdevs are there and not watched: an events-unwatched event says why. */
void monitor_cxl_announce(struct monitor *m);
/* The snapshot's CXL records as poison-present events, counted into @ranges and @bytes. */
void monitor_cxl_present(struct monitor *m, uint64_t *ranges, uint64_t *bytes);
/* The trace pipe to poll for POLLIN; -1: not watched. */
int monitor_cxl_fd(const struct monitor *m);
/* The events the pipe holds: list each memdev they name again; poison-cleared, poison-added. */
void monitor_cxl_drain(struct monitor *m);
void monitor_cxl_close(struct monitor *m);

/* cmd/monitor-sigbus.c: the SIGBUSes memory failures send */
struct pm_sigbus;
/* Hold a SIGBUS for the memory failure that sent it (a full queue reports its oldest alone). */
void monitor_sigbus_hold(struct monitor *m, const struct pm_sigbus *s);
/* The signalled list of the memory failure @sender logged at @ts_us; NULL when signals are not watched. */
struct json_object *monitor_sigbus_claim(struct monitor *m, int sender, unsigned long long ts_us);
/* The held SIGBUSes due (with @all: every one) as sigbus events. */
void monitor_sigbus_expire(struct monitor *m, bool all);
#endif
