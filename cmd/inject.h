/* SPDX-License-Identifier: GPL-2.0 */
/* pmemctl inject's parts: the options they share (inject.c, inject-target.c, inject-report.c). */
#ifndef PMEMCTL_CMD_INJECT_H
#define PMEMCTL_CMD_INJECT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/target.h"

#define CMD "inject"

struct inject_opts {
	struct pm_target_spec spec;
	const char *file;		/* --file: poison under this file's data */
	unsigned long long offset, length;
	bool has_offset, has_length;
	bool uninject, status, saturate, no_notify, no_wait, dry_run, force, quiet, human;
	unsigned long long timeout;
	bool has_timeout;
	/* --machine-check, --memory-failure (cmd/inject-mce.c) */
	int consume;			/* 0, or OPT_MACHINE_CHECK / OPT_MEMORY_FAILURE's id */
	bool kernel_decoded;
	unsigned long long granularity;
	bool has_granularity;	/* given: 0 is a value to refuse, not "the default" */
	/* CXL (cmd/inject-cxl.c): --memdev with --dpa, or --cxl-region with --region-offset */
	const char *cxl_memdev, *cxl_region;
	unsigned long long dpa, region_offset;
	bool has_dpa, has_region_offset;
};

/* Option ids of cmd/inject-mce.c, apart from inject.c's own. */
enum { OPT_MACHINE_CHECK = 320, OPT_MEMORY_FAILURE, OPT_GRANULARITY, OPT_KERNEL_DECODED };

/* The options of --machine-check and --memory-failure, for inject's option table. */
#define INJECT_CONSUME_SPECS \
	{ OPT_MACHINE_CHECK, "machine-check", OPT_FLAG, NULL, NULL, \
	  "a machine-check record there (test platforms)", "memory-failure uninject status" }, \
	{ OPT_MEMORY_FAILURE, "memory-failure", OPT_FLAG, NULL, NULL, \
	  "memory_failure() on the page there (test platforms)", "machine-check uninject status" }, \
	{ OPT_GRANULARITY, "granularity", OPT_SIZE, "BYTES", NULL, \
	  "--machine-check: 64 to 4096, a power of two", NULL }, \
	{ OPT_KERNEL_DECODED, "kernel-decoded", OPT_FLAG, NULL, NULL, \
	  "--machine-check: memory_failure() runs too", NULL }

/* Take option @c (one of INJECT_CONSUME_SPECS) with its number @num into @o. */
void inject_consume_option(struct inject_opts *o, int c, unsigned long long num);
/* --machine-check/--memory-failure: the options combine? An exit code. */
int inject_consume_check(const struct inject_opts *o);
/* --machine-check/--memory-failure: do it (or say what it would do) and report: an exit code. */
int inject_consume(const struct inject_opts *o);

/* What @o names: *@n targets in *@t (malloc'ed), or an exit code with the error said. */
int inject_resolve(struct ndctl_ctx *ctx, const struct inject_opts *o, struct pm_target **t, size_t *n);
/* Safety checks every run takes, dry or not: an exit code. */
int inject_check_safe(const struct pm_target *t, const struct inject_opts *o);
/* The -o columns asked for exist in the report: an exit code. */
int inject_table_check(void);
/* For each target, blocks [block, +done[i]) done and the rest not: 0, or -errno when printing failed. */
int inject_report(const struct pm_target *t, size_t n, const uint64_t *done, const struct inject_opts *o);
/* --status: the injections in force on @t's namespace, printed: an exit code. */
int inject_show_status(const struct pm_target *t, const struct inject_opts *o);
/* CXL: the options ask for CXL injection (or --spa lies in a CXL region). */
bool inject_cxl_wanted(const struct inject_opts *o);
/* CXL: the options combine: an exit code, the error said. */
int inject_cxl_check(const struct inject_opts *o);
/* CXL: inject or clear, report: an exit code. */
int inject_cxl(const struct inject_opts *o);
#endif
