/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of the tracepoints monitor reads: mce:mce_record (every
 * machine-check record the kernel logs, handled or not),
 * ras:memory_failure_event (memory_failure()'s verdict on a page) and
 * signal:signal_generate (the SIGBUSes it sends). The body of a trace_pipe
 * line (after "<event>: ") becomes a typed record.
 */
#ifndef PMEMCTL_LIB_RAS_TRACE_H
#define PMEMCTL_LIB_RAS_TRACE_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/mce-decode.h"

#define PM_MCE_EVENT "mce/mce_record"
#define PM_MF_EVENT "ras/memory_failure_event"
#define PM_SIG_EVENT "signal/signal_generate"
/*
 * The kernel-side filter on signal_generate: SIGBUS (7) with a memory
 * error's si_code, BUS_MCEERR_AR (4) or BUS_MCEERR_AO (5), so that other
 * signals never wake the reader. pm_sigbus_parse checks the same.
 */
#define PM_SIG_FILTER "sig == 7 && (code == 4 || code == 5)"

/*
 * An mce_record body in the format of Linux 6.1 ("ADDR/MISC/SYND: a/m/s",
 * "PROCESSOR: vendor:cpuid") or of 6.10 and later ("ADDR: a, MISC: m,
 * SYND: s", PPIN, "vendor:", "microcode:"): 0, or -EINVAL for any other.
 */
int pm_mce_parse(const char *body, struct pm_mce *m);

/* memory_failure()'s result (MF_ACTION_RESULT). */
enum pm_mf_result {
	PM_MF_NONE,		/* nothing read yet (zero): inject's report says the kernel said nothing */
	PM_MF_IGNORED,
	PM_MF_FAILED,
	PM_MF_DELAYED,
	PM_MF_RECOVERED,
	PM_MF_UNKNOWN,		/* a word this pmemctl does not know: see result_text */
	PM_MF_ALREADY,		/* inject's report: the page was already hardware poisoned */
};

/* The result word memory_failure() prints ("Recovered"): PM_MF_UNKNOWN for another. */
enum pm_mf_result pm_mf_result_of(const char *word);

struct pm_memory_failure {
	uint64_t pfn;
	/* the kernel's own names (MF_PAGE_TYPE and MF_ACTION_RESULT differ by version) */
	char page_type[64];
	char result_text[32];
	enum pm_mf_result result;
};

/* A memory_failure_event body ("pfn 0x...: ... for <page type>: <result>"): 0 or -EINVAL. */
int pm_memory_failure_parse(const char *body, struct pm_memory_failure *f);

/* The kernel's TRACE_SIGNAL_* result of sending a signal (include/trace/events/signal.h). */
enum pm_sig_result {
	PM_SIG_DELIVERED,
	PM_SIG_IGNORED,
	PM_SIG_ALREADY_PENDING,
	PM_SIG_OVERFLOW_FAIL,
	PM_SIG_LOSE_INFO,
	PM_SIG_RESULT_UNKNOWN,
};

/* A SIGBUS the kernel sent for a memory error (signal:signal_generate). */
struct pm_sigbus {
	int pid;		/* the task signalled (the kernel's pid: a thread's id) */
	char comm[17];
	bool action_required;	/* BUS_MCEERR_AR (consumed) rather than BUS_MCEERR_AO (advisory) */
	bool group;		/* sent to the whole process rather than to the thread */
	enum pm_sig_result result;
	/* from the line's head: the task that sent it, and when */
	int sender;
	char sender_comm[17];
	unsigned long long ts_us;
};

/*
 * A signal_generate body ("sig=7 errno=0 code=5 comm=... pid=... grp=0
 * res=0", Linux 3.6 on) into @s (the head fields are the caller's): 0,
 * -ENOENT for a signal that is not a memory error's SIGBUS, -EINVAL for an
 * unknown format.
 */
int pm_sigbus_parse(const char *body, struct pm_sigbus *s);
#endif
