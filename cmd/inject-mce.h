/* SPDX-License-Identifier: GPL-2.0 */
/* inject --machine-check/--memory-failure: one run's facts (cmd/inject-mce.c) and its report. */
#ifndef PMEMCTL_CMD_INJECT_MCE_H
#define PMEMCTL_CMD_INJECT_MCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd/inject.h"
#include "lib/badblocks.h"
#include "lib/mce.h"
#include "lib/memfail.h"

#define CONSUME_MAX_RANGES 16

struct consume_run {
	enum pm_consume_kind kind;
	enum pm_platform platform;
	enum pm_boot_cpu vendor;
	uint64_t spa;
	char gran_text[24];
	struct pm_mce_plan plan;
	bool done;			/* the writes were made */
	bool log_read;			/* the kernel log could be watched */
	bool trace_read;		/* ras:memory_failure_event could be watched */
	struct pm_bb_entry expect;	/* the badrange the NFIT handler promises (region sectors) */
	struct pm_bb_entry added[CONSUME_MAX_RANGES];	/* what the region's badblocks gained */
	size_t nadded;
	bool bb_seen, mf_seen;		/* what was awaited came (or was not awaited) */
	struct pm_memfail mf;
};

/* -o against the report's columns, --list-columns answered: EXIT_OK or EXIT_USAGE (said). */
int inject_consume_table_check(void);
/* The report of a run (or of a dry run): 0, or -errno when printing failed. */
int inject_consume_report(const struct pm_target *t, const struct consume_run *r, const struct inject_opts *o);
#endif
