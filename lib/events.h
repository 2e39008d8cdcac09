/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshots of the poison model, for telling what changed between two
 * looks: each record gets a key that names its place (region, namespace,
 * area, source, offsets, length); a record whose key is new was added, one
 * whose key went away was cleared.
 */
#ifndef PMEMCTL_LIB_EVENTS_H
#define PMEMCTL_LIB_EVENTS_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/owners.h"
#include "lib/poison-files.h"
#include "lib/poison.h"

/*
 * One record of a snapshot, with all it names copied: it outlives the scan
 * (and libndctl's objects) for as long as the snapshot keeps it.
 */
struct pm_snap_rec {
	struct pm_unit unit;		/* the record's unit; its strings are the record's own */
	struct pm_poison p;		/* p.unit is 0; its dimm names are the record's own */
	bool has_files;			/* taken with files: @files says what is known */
	struct pm_rec_files files;
};

struct pm_snapshot {
	char **keys;			/* sorted */
	struct pm_snap_rec **recs;	/* the records, same order */
	size_t n;
	/*
	 * Where the poison is unknown, not absent: the key prefixes
	 * ("bus|region|") of disabled regions; all_unknown when a filtered
	 * namespace is missing and some region is disabled.
	 */
	char **unknown;
	size_t nunknown;
	bool all_unknown;
};

/*
 * The poison that @f selects, now; with @files, each record also names its
 * owners on a mounted filesystem (list-poison --files). 0, or -errno.
 * -PM_ENOMATCH (nothing matches: the device went away) still leaves @s a
 * valid, empty snapshot.
 */
int pm_snapshot_take(struct ndctl_ctx *ctx, const struct pm_filter *f, const enum pm_owner_method *files,
		     struct pm_snapshot *s);
void pm_snapshot_free(struct pm_snapshot *s);

/*
 * Keep in @now the records of @old that lie where @now cannot see
 * (a region disabled since), so that a disabled region's poison is neither
 * "cleared" when it goes nor "added" when it comes back. 0 or -ENOMEM.
 */
int pm_snapshot_carry(const struct pm_snapshot *old, struct pm_snapshot *now);

/* The key of one record (pure; unit-tested). */
void pm_poison_key(const struct pm_scan *s, const struct pm_poison *p, char *key, size_t len);

/*
 * The records of @b whose keys are not in @a, in @b's order: their indexes
 * into @idx (room for b->n). Returns how many.
 */
size_t pm_snapshot_new_in(const struct pm_snapshot *a, const struct pm_snapshot *b, size_t *idx);

/* lib/events-diff.c: changes of the set of poisoned sectors of each region */
enum pm_change_kind {
	PM_CHANGE_ADDED,		/* sectors newly poisoned */
	PM_CHANGE_CLEARED,		/* sectors no longer poisoned */
	PM_CHANGE_REATTRIBUTED,		/* still poisoned; namespace, mode, device, area or offset changed */
};

struct pm_change {
	enum pm_change_kind kind;
	/*
	 * The record cut to the changed sectors: as it is now (as it was for
	 * CLEARED). Its strings and owners are the snapshot record's: valid
	 * while both snapshots are.
	 */
	struct pm_snap_rec rec;
	const struct pm_snap_rec *prev;	/* REATTRIBUTED: the record as it was */
};

/*
 * From @old to @now: the sectors cleared, re-attributed and added, in that
 * order (a malloc'ed array in *@out, free it; *@n of them). Records without
 * a region offset are compared whole, by key. 0 or -ENOMEM.
 */
int pm_snapshot_diff(const struct pm_snapshot *old, const struct pm_snapshot *now, struct pm_change **out,
		     size_t *n);
#endif
