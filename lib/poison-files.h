/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file owners (lib/owners) of each poison record on a mounted
 * filesystem, as part of the model: list-poison --files and monitor --files
 * render them. No printing: a device whose map fails is passed to @failed
 * and its records' owners stay unknown.
 */
#ifndef PMEMCTL_LIB_POISON_FILES_H
#define PMEMCTL_LIB_POISON_FILES_H
#include "lib/owners.h"
#include "lib/poison.h"

/* One owner of a record's bytes, clipped to the record. */
struct pm_rec_owner {
	enum pm_owner_kind kind;
	char *path;		/* under the mount point, as a user sees it; NULL when not found */
	uint64_t inode;		/* with PM_OWNER_FILE */
	bool has_file_offset;	/* file data only */
	uint64_t file_offset;	/* the file offset of dev.start */
	struct pm_range dev;	/* the record's bytes this owner holds (data offsets) */
	const char *what;	/* static, see pm_owner.what */
	bool unwritten;
};

/* What is known of the files of one record. */
struct pm_rec_files {
	char *mount;		/* where the record's device is mounted; NULL when not mounted */
	const char *method;	/* how the owners were found (static); NULL: owners unknown */
	struct pm_rec_owner *owners;	/* with method: sorted by dev.start */
	size_t n;
};

typedef void (*pm_files_failed_fn)(const char *device, const char *err);

/*
 * The owners of every record of @s: *@files gets s->nrecs entries, files[i]
 * for recs[i]. 0; -1 if a device's map failed (its records keep method
 * NULL), -ENOMEM with *@files NULL.
 */
int pm_scan_files(const struct pm_scan *s, enum pm_owner_method method, pm_files_failed_fn failed,
		  struct pm_rec_files **files);
void pm_rec_files_free(struct pm_rec_files *f);
/* A deep copy of @src in @dst: 0 or -ENOMEM (then @dst holds nothing). */
int pm_rec_files_copy(const struct pm_rec_files *src, struct pm_rec_files *dst);
#endif
