/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel said it did about a consumed page, read from its log:
 * memory_failure()'s result for the pfn (mm/memory-failure.c, action_result),
 * each process it sent SIGBUS or killed, and a filesystem that shut down
 * because its metadata was hit (XFS: xfs_dax_notify_failure, 6.0 on).
 */
#ifndef PMEMCTL_LIB_MEMFAIL_H
#define PMEMCTL_LIB_MEMFAIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ras-trace.h"	/* enum pm_mf_result, the tracepoint's parser */

const char *pm_mf_result_name(enum pm_mf_result r);

#define PM_MF_MAX_SIGNALS 32

struct pm_mf_signal {
	int pid;
	char comm[20];
	bool killed;	/* forcibly killed (the page could not be unmapped), not SIGBUS */
};

struct pm_memfail {
	uint64_t pfn;			/* the page asked about */
	const char *fsdev;		/* the filesystem's device ("pmem0"), or NULL */
	enum pm_mf_result result;
	char page_type[64];		/* "dax page", as the kernel names it */
	struct pm_mf_signal sig[PM_MF_MAX_SIGNALS];
	size_t nsig;
	bool sig_cut;			/* more processes than sig[] holds */
	bool fs_shutdown;
	bool from_trace;		/* result came from the tracepoint, not the log */
};

/* Take one kernel-log message into @m: true when it was about @m's pfn or filesystem. */
bool pm_memfail_feed(struct pm_memfail *m, const char *msg);

/* The tracepoint that carries memory_failure()'s result (never rate-limited, unlike the log). */
#define PM_MF_TRACE_EVENT "memory_failure_event"	/* PM_MF_EVENT's name in a trace line */

/*
 * Take the body of a ras:memory_failure_event ("pfn 0x1c1229: recovery
 * action for dax page: Recovered") into @m: true when it was @m's pfn.
 */
bool pm_memfail_feed_event(struct pm_memfail *m, const char *body);
#endif
