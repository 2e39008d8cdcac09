/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who owns a poisoned byte of a mounted filesystem: a file (path, inode,
 * file offset), free space, or filesystem metadata.
 *
 * GETFSMAP answers from the filesystem's reverse map, so its cost follows
 * the poison, not the number of files. Where it cannot name an owner (ext4,
 * XFS without rmapbt, or no GETFSMAP at all) a FIEMAP walk of the tree
 * resolves what is left and stops as soon as every poisoned byte has one.
 * The inodes GETFSMAP returns get their paths from XFS parent pointers
 * where the filesystem has them (cost per owner), else from a readdir walk
 * that stops when all are named (cost grows with the tree).
 */
#ifndef PMEMCTL_LIB_OWNERS_H
#define PMEMCTL_LIB_OWNERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/range.h"

enum pm_owner_kind {
	PM_OWNER_FILE,		/* data (or attribute/extent-map block) of an inode */
	PM_OWNER_FREE,		/* free space: nothing is lost */
	PM_OWNER_METADATA,	/* filesystem structures; @what says which */
	PM_OWNER_UNKNOWN,	/* in use, but no owner could be found */
};

/* Why a file owner has no path. */
enum pm_owner_unnamed {
	PM_UNNAMED_NOT_FOUND,	/* no name found (or not looked for yet) */
	PM_UNNAMED_DELETED,	/* no links: deleted but still open, or O_TMPFILE */
	PM_UNNAMED_OUTSIDE,	/* all its links are outside the mounted subtree */
};

struct pm_owner {
	struct pm_range dev;	/* poisoned bytes, block device offsets */
	enum pm_owner_kind kind;
	uint64_t inode;		/* PM_OWNER_FILE */
	uint64_t file_offset;	/* file offset of dev.start (file data only) */
	const char *what;	/* static: "data", "xattr", "extent-map", "log", ... */
	bool unwritten;		/* preallocated: reads as zeros, nothing lost */
	char *path;		/* relative to the mount point; NULL when not found */
	enum pm_owner_unnamed unnamed;	/* why path is NULL (file owners) */
};

enum pm_owner_method {
	PM_METHOD_AUTO,		/* GETFSMAP where it names owners, FIEMAP walk for the rest */
	PM_METHOD_GETFSMAP,	/* GETFSMAP only: unnamed owners stay unknown */
	PM_METHOD_FIEMAP,	/* FIEMAP walk only (what tools without GETFSMAP do) */
};

struct pm_owner_map {
	struct pm_owner *v;	/* sorted by dev.start */
	size_t n;
	bool used_getfsmap, used_walk;
	bool named_by_parents;	/* XFS parent pointers named inodes */
	bool named_by_walk;	/* a readdir walk named inodes */
	size_t files_walked;	/* files the FIEMAP walk looked at */
	size_t dirs_walked;	/* directories read to name inodes or to walk */
	size_t parent_calls;	/* XFS_IOC_GETPARENTS_BY_HANDLE calls */
	uint64_t usec_getfsmap, usec_naming, usec_walk;	/* where the time went */
};

/*
 * The owners of @nbad poisoned ranges (normalized, block device byte
 * offsets) on the filesystem mounted at @mnt, whose data device is @dev.
 * Returns 0, or -errno with a message in @err.
 */
int pm_map_owners(const char *mnt, dev_t dev, const struct pm_range *bad, size_t nbad,
		  enum pm_owner_method method, struct pm_owner_map *out, char *err, size_t errlen);
void pm_owner_map_free(struct pm_owner_map *m);

/* "getfsmap", "getfsmap+fiemap" or "fiemap". */
const char *pm_owner_method_name(const struct pm_owner_map *m);
/*
 * How the inodes GETFSMAP returned got their paths: "parents", "walk",
 * "parents+walk" (the walk for those parent pointers could not name), or
 * NULL when nothing needed naming (the FIEMAP walk names as it goes).
 */
const char *pm_owner_naming_name(const struct pm_owner_map *m);
/* NULL for a named owner, else "not found", "deleted" or "outside mount". */
const char *pm_owner_unnamed_name(const struct pm_owner *o);
const char *pm_owner_kind_name(enum pm_owner_kind k);

/*
 * Pure pieces, unit-tested without a filesystem.
 * One GETFSMAP-style record (bytes), clipped to the poisoned range @bad.
 */
struct pm_fsmap_rec {
	uint64_t physical, length, owner, offset;
	uint32_t flags;
};
bool pm_owner_from_fsmap(const struct pm_fsmap_rec *rec, const struct pm_range *bad,
			 struct pm_owner *out);
#endif
