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
	/* CXL (cmd/inject-cxl.c): --memdev with --dpa, or --cxl-region with --region-offset */
	const char *cxl_memdev, *cxl_region;
	unsigned long long dpa, region_offset;
	bool has_dpa, has_region_offset;
};

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
