/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which memory failure a SIGBUS belongs to. memory_failure() sends its
 * SIGBUSes (kill_procs) before it logs its verdict (action_result, the
 * memory_failure_event tracepoint), in the same task and under mf_mutex, on
 * Linux 6.1 and 6.12 alike; signal_generate has no address. So a signal is
 * held until a memory_failure_event of the task that sent it, logged within
 * PM_SIG_PAIR_US, claims it; one that no event claims within that long of
 * being read (a fault on a page already known bad, a pre-remove notice) is
 * reported alone.
 */
#ifndef PMEMCTL_LIB_RAS_SIGNALS_H
#define PMEMCTL_LIB_RAS_SIGNALS_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/ras-trace.h"

#define PM_SIG_PAIR_US 1000000ULL
#define PM_SIGQ_MAX 64

struct pm_sigq {
	size_t n;
	struct pm_sigbus s[PM_SIGQ_MAX];
	unsigned long long seen_ms[PM_SIGQ_MAX];	/* when read (the caller's monotonic clock) */
};

/*
 * Hold @s, read at @now_ms. When the queue is full its oldest signal makes
 * room: it is copied to @evicted (to be reported alone) and true returned.
 */
bool pm_sigq_add(struct pm_sigq *q, const struct pm_sigbus *s, unsigned long long now_ms,
		 struct pm_sigbus *evicted);

/*
 * The signals the memory failure that @sender logged at @ts_us sent: moved
 * from the queue to @out (at most @max; the rest stay), in the order sent.
 */
size_t pm_sigq_claim(struct pm_sigq *q, int sender, unsigned long long ts_us, struct pm_sigbus *out,
		     size_t max);

/*
 * Take one signal no event can claim any more (read PM_SIG_PAIR_US before
 * @now_ms; with @all, any) into @out: false when there is none.
 */
bool pm_sigq_expire(struct pm_sigq *q, unsigned long long now_ms, bool all, struct pm_sigbus *out);

/* Milliseconds from @now_ms until a signal expires (0: one has), -1 when none is held. */
long long pm_sigq_wait_ms(const struct pm_sigq *q, unsigned long long now_ms);
#endif
