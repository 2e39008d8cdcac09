/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of the two RAS tracepoints monitor reads: mce:mce_record (every
 * machine-check record the kernel logs, handled or not) and
 * ras:memory_failure_event (memory_failure()'s verdict on a page). The
 * body of a trace_pipe line (after "<event>: ") becomes a typed record.
 */
#ifndef PMEMCTL_LIB_RAS_TRACE_H
#define PMEMCTL_LIB_RAS_TRACE_H
#include <stdint.h>

#include "lib/mce-decode.h"

#define PM_MCE_EVENT "mce/mce_record"
#define PM_MF_EVENT "ras/memory_failure_event"

/*
 * An mce_record body in the format of Linux 6.1 ("ADDR/MISC/SYND: a/m/s",
 * "PROCESSOR: vendor:cpuid") or of 6.10 and later ("ADDR: a, MISC: m,
 * SYND: s", PPIN, "vendor:", "microcode:"): 0, or -EINVAL for any other.
 */
int pm_mce_parse(const char *body, struct pm_mce *m);

/* memory_failure()'s result (MF_ACTION_RESULT). */
enum pm_mf_result {
	PM_MF_IGNORED,
	PM_MF_FAILED,
	PM_MF_DELAYED,
	PM_MF_RECOVERED,
	PM_MF_UNKNOWN,		/* a word this pmemctl does not know: see result_text */
};

struct pm_memory_failure {
	uint64_t pfn;
	/* the kernel's own names (MF_PAGE_TYPE and MF_ACTION_RESULT differ by version) */
	char page_type[64];
	char result_text[32];
	enum pm_mf_result result;
};

/* A memory_failure_event body ("pfn 0x...: ... for <page type>: <result>"): 0 or -EINVAL. */
int pm_memory_failure_parse(const char *body, struct pm_memory_failure *f);
#endif
