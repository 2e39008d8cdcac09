/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lib/owners.c (GETFSMAP, the entry point), lib/owners-walk.c (readdir
 * and FIEMAP walks) and lib/owners-parents.c (XFS parent pointers) share.
 * Not for callers outside lib/owners*.
 */
#ifndef PMEMCTL_LIB_OWNERS_INTERNAL_H
#define PMEMCTL_LIB_OWNERS_INTERNAL_H
#include "lib/owners.h"

/* Appends @o to @m (@cap: its allocated length). */
int pm_owners_push(struct pm_owner_map *m, const struct pm_owner *o, size_t *cap);

/* "@dir/@name", or @name when @dir is "" (the mount point); malloc'ed. */
char *pm_owners_join(const char *dir, const char *name);

/* Bytes still without an owner, as a list of ranges. */
struct pm_owners_todo {
	struct pm_range *v;
	size_t n;
};

/* File owners of @m still without a path (and not known to have none). */
static inline bool pm_owner_needs_name(const struct pm_owner *o)
{
	return o->kind == PM_OWNER_FILE && !o->path && o->unnamed == PM_UNNAMED_NOT_FOUND;
}

/*
 * The owners of @nbad poisoned ranges by GETFSMAP on @fd (the mount point)
 * of the filesystem on @dev, appended to @m; bytes that no record covers
 * are unknown. With @mnt, the file owners are named by parent pointers
 * where the filesystem has them (pm_owners_name_by_parents), the rest left
 * unnamed. -errno (ENOTTY, EOPNOTSUPP, ...) when GETFSMAP fails.
 */
int pm_owners_getfsmap(int fd, dev_t dev, const char *mnt, const struct pm_range *bad,
		       size_t nbad, struct pm_owner_map *m, size_t *cap);

/* Directory paths found by parent pointers, shared by threads naming owners. */
struct pm_owners_dirs;
struct pm_owners_dirs *pm_owners_dirs_new(void);
void pm_owners_dirs_free(struct pm_owners_dirs *dirs);

/*
 * Paths for the file owners of @m from XFS parent pointers, with @dirs
 * (NULL: a cache of its own). Returns 0 (owners it could not name are
 * left for the walk), or -EOPNOTSUPP when the filesystem or kernel has no
 * parent pointers (nothing changed).
 */
int pm_owners_name_by_parents(const char *mnt, struct pm_owner_map *m, struct pm_owners_dirs *dirs);

/* Paths for the owners that still need one: a readdir walk that stops when all are named. */
int pm_owners_name_by_walk(const char *mnt, struct pm_owner_map *m, size_t *cap);

/* Owners for the bytes in @todo by FIEMAP of every file; what stays is unknown. */
int pm_owners_fiemap_walk(const char *mnt, struct pm_owners_todo *todo, bool after_getfsmap,
			  struct pm_owner_map *m, size_t *cap);
#endif
