/* SPDX-License-Identifier: GPL-2.0 */
/* pmemctl recover's parts: the job they share (recover.c, recover-act.c, recover-files.c). */
#ifndef PMEMCTL_CMD_RECOVER_H
#define PMEMCTL_CMD_RECOVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/recover-plan.h"
#include "lib/target.h"

#define CMD "recover"

/* What the command line asked for. */
struct recover_opts {
	const char *namespace, *region, *file, *image;
	bool has_block, dry_run, force, quiet, human, files;
	unsigned long long block, count;
};
struct json_object;

/* One namespace (or one file on it) to recover, and its plan. */
struct job {
	const struct recover_opts *o;
	struct ndctl_ctx *ctx;
	struct pm_target t;		/* the namespace and the block range to recover */
	const char *file;		/* a file on the namespace's mounted filesystem */
	struct pm_range *bad;		/* poisoned data ranges inside the target, normalized */
	size_t nbad;
	uint64_t unit;			/* write alignment in bytes */
	unsigned int clear_unit;	/* the platform's clear-error granule, or 0 */
	struct json_object *out;	/* report records */
	unsigned int failures;
	const char *image;		/* --from: where the good bytes come from, or NULL */
	bool cut;			/* the kernel's list of the target was cut at its page */
	unsigned int round;		/* rounds of re-reading a cut list done */
};

bool recover_is_devdax(const struct job *j);
/* A report record for write @w: status "planned", "cleared", "failed", ... */
void recover_record(struct job *j, const struct pm_write *w, const char *status, const char *why);
/* A "skipped" record for region range @r outside the data area (namespace metadata): it has no data offset. */
void recover_record_outside(struct job *j, const struct pm_range *r, const char *why);
/* A "skipped" record for poison @p of region unit @u that lies in no namespace. */
void recover_record_unclaimed(struct job *j, const struct pm_unit *u, const struct pm_poison *p, const char *why);
/* The -o columns asked for exist in the report: an exit code. */
int recover_table_check(void);
/* The report records, as JSON or (@human) a table: 0, or -1 when stdout failed. */
int recover_print(const struct job *j, bool human);
/* --from IMAGE is a file or block device (checked before any write): an exit code. */
int recover_check_image(const char *image);
/* --from IMAGE holds every byte @plan reads from it (before any write): an exit code. */
int recover_check_image_size(const struct job *j, const struct pm_recover_plan *plan);
/* The job's target resolved (recover_resolve) and checked, its poison read: an exit code. */
int recover_prepare(struct job *j);
/* -r REGION: every namespace of it with poison, each checked before any is written: an exit code. */
int recover_region(struct job *proto);
/* The job's namespace (or file) resolved into j->t: an exit code. */
int recover_resolve(struct job *j);
/* The target's poison into j->bad (metadata poison is reported as skipped): an exit code. */
int recover_collect_poison(struct job *j);
/* Run the @n writes of @v (the lock held), then report each: an exit code. */
int recover_execute(struct job *j, struct pm_write *v, size_t n);
/* Plan the writes for j->bad into @plan (free it) and check --from holds their bytes: an exit code. */
int recover_plan(struct job *j, struct pm_recover_plan *plan);
/* Run @plan's writes (or only list them, --dry-run) and report each: an exit code. */
int recover_run(struct job *j, struct pm_recover_plan *plan);
/* recover_plan(), then recover_run(): an exit code. */
int recover_plan_and_run(struct job *j);
/* j->cut: read the list again after the writes and go on until it is whole: an exit code. */
int recover_past_the_cut(struct job *j);
/* One more namespace or file with @proto's options; its failures add to @proto's. */
int recover_another(struct job *proto, const char *namespace, const char *file);
/* The exit status of several: an interrupt, then a failure, wins. */
int recover_worse(int a, int b);
/* -n NS --files: the owners of the namespace's poison, then each file recovered. */
int recover_files(struct job *j);
#endif
