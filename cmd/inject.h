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
#endif
