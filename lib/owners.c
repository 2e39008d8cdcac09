// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/fsmap.h>

#include "lib/owners-internal.h"

/* Special owners of XFS ('X') and ext4 ('f', and XFS's codes where shared). */
static const char *special_owner_name(uint64_t owner)
{
	static const struct { uint32_t type, code; const char *name; } names[] = {
		{ 'X', 1, "static metadata (superblock)" },
		{ 'X', 2, "journal" },
		{ 'X', 3, "allocation group metadata" },
		{ 'X', 4, "inode btree" },
		{ 'X', 5, "inode table" },
		{ 'X', 6, "reference count btree" },
		{ 'X', 7, "copy-on-write staging" },
		{ 'X', 8, "known defective blocks" },
		{ 'f', 1, "group descriptors" },
		{ 'f', 2, "reserved group descriptors" },
		{ 'f', 3, "block bitmap" },
		{ 'f', 4, "inode bitmap" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (FMR_OWNER_TYPE(owner) == names[i].type && FMR_OWNER_CODE(owner) == names[i].code)
			return names[i].name;
	return "metadata";
}

bool pm_owner_from_fsmap(const struct pm_fsmap_rec *rec, const struct pm_range *bad,
			 struct pm_owner *out)
{
	struct pm_range r = { rec->physical, rec->length }, in;

	if (!pm_range_intersect(&r, bad, &in))
		return false;
	*out = (struct pm_owner){ .dev = in, .kind = PM_OWNER_FILE, .what = "data" };
	if (rec->flags & FMR_OF_SPECIAL_OWNER) {
		if (rec->owner == FMR_OWN_FREE)
			out->kind = PM_OWNER_FREE, out->what = NULL;
		else if (rec->owner == FMR_OWN_UNKNOWN)
			out->kind = PM_OWNER_UNKNOWN, out->what = "in use, owner not recorded";
		else
			out->kind = PM_OWNER_METADATA, out->what = special_owner_name(rec->owner);
		return true;
	}
	out->inode = rec->owner;
	if (rec->flags & FMR_OF_EXTENT_MAP)
		out->what = "extent map";	/* a block of the file's own metadata */
	else if (rec->flags & FMR_OF_ATTR_FORK)
		out->what = "xattr";
	else
		out->file_offset = rec->offset + (in.start - rec->physical);
	out->unwritten = !!(rec->flags & FMR_OF_PREALLOC);
	return true;
}

const char *pm_owner_kind_name(enum pm_owner_kind k)
{
	switch (k) {
	case PM_OWNER_FILE: return "file";
	case PM_OWNER_FREE: return "free";
	case PM_OWNER_METADATA: return "metadata";
	default: return "unknown";
	}
}

const char *pm_owner_method_name(const struct pm_owner_map *m)
{
	if (m->used_getfsmap)
		return m->used_walk ? "getfsmap+fiemap" : "getfsmap";
	return "fiemap";
}

const char *pm_owner_naming_name(const struct pm_owner_map *m)
{
	if (m->named_by_parents)
		return m->named_by_walk ? "parents+walk" : "parents";
	return m->named_by_walk ? "walk" : NULL;
}

const char *pm_owner_unnamed_name(const struct pm_owner *o)
{
	if (o->kind != PM_OWNER_FILE || o->path)
		return NULL;
	switch (o->unnamed) {
	case PM_UNNAMED_DELETED: return "deleted";
	case PM_UNNAMED_OUTSIDE: return "outside mount";
	default: return "not found";
	}
}

/* ---------------------------------------------------------------- vector */

int pm_owners_push(struct pm_owner_map *m, const struct pm_owner *o, size_t *cap)
{
	if (m->n == *cap) {
		struct pm_owner *g = realloc(m->v, (*cap = *cap ? *cap * 2 : 16) * sizeof(*g));

		if (!g)
			return -ENOMEM;
		m->v = g;
	}
	m->v[m->n++] = *o;
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct pm_owner *x = a, *y = b;

	return x->dev.start < y->dev.start ? -1 : x->dev.start > y->dev.start;
}

void pm_owner_map_free(struct pm_owner_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	*m = (struct pm_owner_map){ 0 };
}

/* ---------------------------------------------------------------- entry */

static uint64_t usec_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - t0->tv_sec) * 1000000 + (uint64_t)((t.tv_nsec - t0->tv_nsec) / 1000);
}

static int split_unknown(struct pm_owner_map *m, struct pm_owners_todo *todo)
{
	size_t keep = 0;

	todo->v = calloc(m->n + 1, sizeof(*todo->v));
	if (!todo->v)
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].kind == PM_OWNER_UNKNOWN)
			todo->v[todo->n++] = m->v[i].dev;
		else
			m->v[keep++] = m->v[i];
	}
	m->n = keep;
	return 0;
}

/* GETFSMAP for every range; in auto mode, no GETFSMAP means an empty map to walk for. */
static int map_by_getfsmap(const char *mnt, dev_t dev, const struct pm_range *bad, size_t nbad,
			   enum pm_owner_method method, struct pm_owner_map *out, size_t *cap,
			   char *err, size_t errlen)
{
	struct timespec t0;
	int fd, rc;

	fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", mnt, strerror(errno));
		return -errno;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = pm_owners_getfsmap(fd, dev, mnt, bad, nbad, out, cap);
	close(fd);
	out->usec_getfsmap = usec_since(&t0);
	out->used_getfsmap = rc == 0;
	if (rc && method == PM_METHOD_GETFSMAP)
		snprintf(err, errlen, "%s: GETFSMAP: %s", mnt, strerror(-rc));
	if (rc && method == PM_METHOD_AUTO)	/* not supported: walk for everything */
		pm_owner_map_free(out), *cap = 0, rc = 0;
	return rc;
}

/* Paths for the inodes GETFSMAP returned: parent pointers, then the walk for the rest. */
static int name_owners(const char *mnt, struct pm_owner_map *m, size_t *cap)
{
	struct timespec t0;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = pm_owners_name_by_parents(mnt, m, NULL);
	if (rc == 0 || rc == -EOPNOTSUPP)
		rc = pm_owners_name_by_walk(mnt, m, cap);
	m->usec_naming = usec_since(&t0);
	return rc;
}

/* What GETFSMAP left unknown (or everything, without it): FIEMAP walk, or unknown. */
static int map_the_rest(const char *mnt, const struct pm_range *bad, size_t nbad,
			enum pm_owner_method method, struct pm_owner_map *out, size_t *cap)
{
	struct pm_owners_todo todo = { 0 };
	struct timespec t0;
	int rc = 0;

	if (out->used_getfsmap)
		rc = split_unknown(out, &todo);
	else if ((todo.v = calloc(nbad + 1, sizeof(*todo.v))))
		memcpy(todo.v, bad, nbad * sizeof(*bad)), todo.n = nbad;
	else
		rc = -ENOMEM;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == 0 && method != PM_METHOD_GETFSMAP && todo.n) {
		rc = pm_owners_fiemap_walk(mnt, &todo, out->used_getfsmap, out, cap);
		out->usec_walk = usec_since(&t0);
	} else {
		for (size_t i = 0; rc == 0 && i < todo.n; i++)
			rc = pm_owners_push(out, &(struct pm_owner){ .dev = todo.v[i],
				.kind = PM_OWNER_UNKNOWN, .what = "in use, owner not recorded" }, cap);
	}
	free(todo.v);
	return rc;
}

int pm_map_owners(const char *mnt, dev_t dev, const struct pm_range *bad, size_t nbad,
		  enum pm_owner_method method, struct pm_owner_map *out, char *err, size_t errlen)
{
	size_t cap = 0;
	int rc = 0;

	*out = (struct pm_owner_map){ 0 };
	*err = '\0';
	if (method != PM_METHOD_FIEMAP)
		rc = map_by_getfsmap(mnt, dev, bad, nbad, method, out, &cap, err, errlen);
	if (rc == 0 && out->used_getfsmap)
		rc = name_owners(mnt, out, &cap);
	if (rc == 0)
		rc = map_the_rest(mnt, bad, nbad, method, out, &cap);
	if (rc && !*err)
		snprintf(err, errlen, "%s: %s", mnt, strerror(-rc));
	if (rc)
		pm_owner_map_free(out);
	else if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_start);
	return rc;
}
