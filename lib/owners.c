// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/fsmap.h>

#include "lib/fiemap.h"
#include "lib/owners.h"

#define FSMAP_BATCH 128

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

/* ---------------------------------------------------------------- vector */

static int push(struct pm_owner_map *m, const struct pm_owner *o, size_t *cap)
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

/* ---------------------------------------------------------------- GETFSMAP */

/*
 * Bytes of @bad that no record since @first covers (ext4 leaves some fixed
 * metadata out of its map): unknown, for the walk to look at.
 */
static int add_gaps(struct pm_owner_map *m, size_t first, const struct pm_range *bad, size_t *cap)
{
	size_t k = m->n - first, ngaps;
	struct pm_range *covered = calloc(k + 1, sizeof(*covered)), *gaps;
	int rc = 0;

	if (!covered)
		return -ENOMEM;
	for (size_t i = 0; i < k; i++)
		covered[i] = m->v[first + i].dev;
	ngaps = pm_range_subtract(bad, covered, k, NULL, 0);
	gaps = calloc(ngaps + 1, sizeof(*gaps));
	if (gaps)
		pm_range_subtract(bad, covered, k, gaps, ngaps);
	for (size_t i = 0; gaps && rc == 0 && i < ngaps; i++)
		rc = push(m, &(struct pm_owner){ .dev = gaps[i], .kind = PM_OWNER_UNKNOWN,
						 .what = "in use, owner not recorded" }, cap);
	free(covered);
	free(gaps);
	return gaps ? rc : -ENOMEM;
}

/* GETFSMAP names devices the way the kernel encodes dev_t for userspace. */
static uint32_t fsmap_dev(dev_t dev)
{
	uint32_t ma = major(dev), mi = minor(dev);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12);
}

/* The owners of one poisoned range; both keys name the data device, so
 * the query covers just [start, end) of it. */
static int getfsmap_range(int fd, dev_t dev, const struct pm_range *bad,
			  struct pm_owner_map *m, size_t *cap)
{
	struct fsmap_head *h = calloc(1, fsmap_sizeof(FSMAP_BATCH));
	size_t first = m->n;
	int rc = 0;

	if (!h)
		return -ENOMEM;
	h->fmh_count = FSMAP_BATCH;
	h->fmh_keys[0].fmr_device = h->fmh_keys[1].fmr_device = fsmap_dev(dev);
	h->fmh_keys[0].fmr_physical = bad->start;
	h->fmh_keys[1].fmr_physical = pm_range_end(bad) - 1;
	h->fmh_keys[1].fmr_owner = UINT64_MAX;
	h->fmh_keys[1].fmr_offset = UINT64_MAX;
	h->fmh_keys[1].fmr_flags = UINT32_MAX;
	while (rc == 0) {
		if (ioctl(fd, FS_IOC_GETFSMAP, h) < 0) {
			rc = -errno;
			break;
		}
		for (uint32_t i = 0; rc == 0 && i < h->fmh_entries; i++) {
			const struct fsmap *f = &h->fmh_recs[i];
			struct pm_fsmap_rec r = { f->fmr_physical, f->fmr_length, f->fmr_owner,
						  f->fmr_offset, f->fmr_flags };
			struct pm_owner o;

			if ((h->fmh_oflags & FMH_OF_DEV_T) && f->fmr_device != fsmap_dev(dev))
				continue;
			if (pm_owner_from_fsmap(&r, bad, &o))
				rc = push(m, &o, cap);
		}
		if (h->fmh_entries == 0 || (h->fmh_recs[h->fmh_entries - 1].fmr_flags & FMR_OF_LAST))
			break;
		fsmap_advance(h);
	}
	free(h);
	return rc ? rc : add_gaps(m, first, bad, cap);
}

/* ---------------------------------------------------------------- walks */

/* Bytes still without an owner, as a list of ranges. */
struct todo {
	struct pm_range *v;
	size_t n;
};

static int todo_remove(struct todo *t, const struct pm_range *hit)
{
	struct pm_range *out = calloc(t->n * 2 + 1, sizeof(*out));
	size_t k = 0;

	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		k += pm_range_subtract(&t->v[i], hit, 1, out + k, 2);
	free(t->v);
	t->v = out;
	t->n = k;
	return 0;
}

struct walk {
	dev_t fsdev;			/* stay on this filesystem */
	struct pm_owner_map *m;
	size_t *cap;
	/* naming: inodes still without a path */
	bool naming;
	size_t unnamed;
	/* FIEMAP: bytes still without an owner */
	struct todo todo;
	int err;
};

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", dir, *dir ? "/" : "", name);
	return p;
}

static void name_inode(struct walk *w, uint64_t ino, const char *dir, const char *name)
{
	for (size_t i = 0; i < w->m->n; i++) {
		struct pm_owner *o = &w->m->v[i];

		if (o->kind == PM_OWNER_FILE && o->inode == ino && !o->path) {
			o->path = *name ? join(dir, name) : strdup(".");
			w->unnamed--;
		}
	}
}

/* FIEMAP of one open file or directory: an owner for each poisoned byte it maps. */
static void map_file(struct walk *w, int fd, uint64_t ino, const char *path)
{
	struct pm_extent *e = NULL;
	size_t ne = 0;

	w->m->files_walked++;
	if (pm_file_extents(fd, false, &e, &ne))
		return;
	for (size_t i = 0; i < ne && w->todo.n && !w->err; i++) {
		struct pm_range ext = { e[i].physical, e[i].length };

		for (size_t b = 0; b < w->todo.n && !w->err; b++) {
			struct pm_owner o = { .kind = PM_OWNER_FILE, .inode = ino, .what = "data",
					      .unwritten = e[i].unwritten };

			if (!pm_range_intersect(&w->todo.v[b], &ext, &o.dev))
				continue;
			o.file_offset = e[i].logical + (o.dev.start - e[i].physical);
			o.path = strdup(path);
			w->err = push(w->m, &o, w->cap);
			if (w->err)
				free(o.path);	/* not in the map: nobody else frees it */
			else
				w->err = todo_remove(&w->todo, &o.dev);
			b = (size_t)-1;	/* the list changed: look again from the start */
		}
	}
	free(e);
}

static bool walk_done(const struct walk *w)
{
	return w->err || (w->naming ? w->unnamed == 0 : w->todo.n == 0);
}

/*
 * Depth-first through @dirfd (@rel its path from the mount point): names
 * inodes from readdir alone, or FIEMAPs every file, until done.
 */
static void walk_dir(struct walk *w, int dirfd, const char *rel)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;

	if (!d) {
		close(dirfd);
		return;
	}
	w->m->dirs_walked++;
	while (!walk_done(w) && (de = readdir(d))) {
		bool isdir = de->d_type == DT_DIR, isreg = de->d_type == DT_REG;
		struct stat st;
		char *path;
		int fd;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (w->naming)
			name_inode(w, de->d_ino, rel, de->d_name);
		if (de->d_type == DT_UNKNOWN && !fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			isdir = S_ISDIR(st.st_mode), isreg = S_ISREG(st.st_mode);
		if (!isdir && (w->naming || !isreg))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME |
			    (isdir ? O_DIRECTORY : 0));
		if (fd < 0 && errno == EPERM)	/* O_NOATIME needs ownership */
			fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
				    (isdir ? O_DIRECTORY : 0));
		if (fd < 0)
			continue;
		if (fstat(fd, &st) || st.st_dev != w->fsdev) {	/* another mount */
			close(fd);
			continue;
		}
		path = join(rel, de->d_name);
		if (!path) {
			w->err = -ENOMEM;
			close(fd);
			break;
		}
		if (!w->naming)
			map_file(w, fd, st.st_ino, path);
		if (isdir)
			walk_dir(w, fd, path);
		else
			close(fd);
		free(path);
	}
	closedir(d);
}

static int open_root(const char *mnt, struct stat *st)
{
	int fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, st)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Give every file owner a path: one readdir walk that stops when all are named. */
static int name_owners(const char *mnt, struct pm_owner_map *m, size_t *cap)
{
	struct walk w = { .m = m, .cap = cap, .naming = true };
	struct stat st;
	int fd = open_root(mnt, &st);

	if (fd < 0)
		return -errno;
	w.fsdev = st.st_dev;
	for (size_t i = 0; i < m->n; i++)
		w.unnamed += m->v[i].kind == PM_OWNER_FILE && !m->v[i].path;
	name_inode(&w, st.st_ino, "", "");
	if (walk_done(&w)) {
		close(fd);
		return w.err;
	}
	walk_dir(&w, fd, "");
	return w.err;
}

static const char unnamed_after_getfsmap[] =
	"no file maps it and GETFSMAP named no owner: metadata, a directory, "
	"or free space that this kernel's GETFSMAP leaves out";
static const char unnamed_by_walk[] = "no file maps it: free space or metadata";

/* Owners for the bytes in @todo by FIEMAP of every file; what stays is unknown. */
static int walk_owners(const char *mnt, struct todo *todo, bool after_getfsmap,
		       struct pm_owner_map *m, size_t *cap)
{
	struct walk w = { .m = m, .cap = cap, .todo = *todo };
	struct stat st;
	int fd = open_root(mnt, &st);

	if (fd < 0)
		return -errno;
	w.fsdev = st.st_dev;
	m->used_walk = true;
	syncfs(fd);	/* delayed allocations get their places before FIEMAP */
	map_file(&w, fd, st.st_ino, ".");
	if (!walk_done(&w))
		walk_dir(&w, fd, "");
	else
		close(fd);
	for (size_t i = 0; !w.err && i < w.todo.n; i++) {
		struct pm_owner o = { .dev = w.todo.v[i], .kind = PM_OWNER_UNKNOWN,
				      .what = after_getfsmap ? unnamed_after_getfsmap : unnamed_by_walk };

		w.err = push(m, &o, cap);
	}
	*todo = w.todo;
	return w.err;
}

/* ---------------------------------------------------------------- entry */

static uint64_t usec_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)(t.tv_sec - t0->tv_sec) * 1000000 + (uint64_t)((t.tv_nsec - t0->tv_nsec) / 1000);
}

static int split_unknown(struct pm_owner_map *m, struct todo *todo)
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

int pm_map_owners(const char *mnt, dev_t dev, const struct pm_range *bad, size_t nbad,
		  enum pm_owner_method method, struct pm_owner_map *out, char *err, size_t errlen)
{
	struct todo todo = { 0 };
	struct timespec t0;
	size_t cap = 0;
	int fd, rc = 0;

	*out = (struct pm_owner_map){ 0 };
	*err = '\0';
	fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", mnt, strerror(errno));
		return -errno;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (method != PM_METHOD_FIEMAP) {
		for (size_t i = 0; rc == 0 && i < nbad; i++)
			rc = getfsmap_range(fd, dev, &bad[i], out, &cap);
		out->usec_getfsmap = usec_since(&t0);
		out->used_getfsmap = rc == 0;
		if (rc && method == PM_METHOD_GETFSMAP)
			snprintf(err, errlen, "%s: GETFSMAP: %s", mnt, strerror(-rc));
		if (rc && method == PM_METHOD_AUTO)	/* not supported: walk for everything */
			pm_owner_map_free(out), rc = 0;
	}
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == 0 && out->used_getfsmap)
		rc = name_owners(mnt, out, &cap);
	out->usec_naming = usec_since(&t0);
	if (rc == 0 && out->used_getfsmap)
		rc = split_unknown(out, &todo);
	else if (rc == 0) {
		todo.v = calloc(nbad + 1, sizeof(*todo.v));
		rc = todo.v ? 0 : -ENOMEM;
		if (todo.v)
			memcpy(todo.v, bad, nbad * sizeof(*bad)), todo.n = nbad;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == 0 && method != PM_METHOD_GETFSMAP && todo.n)
		rc = walk_owners(mnt, &todo, out->used_getfsmap, out, &cap), out->usec_walk = usec_since(&t0);
	else
		for (size_t i = 0; rc == 0 && i < todo.n; i++)
			rc = push(out, &(struct pm_owner){ .dev = todo.v[i], .kind = PM_OWNER_UNKNOWN,
							   .what = "in use, owner not recorded" }, &cap);
	free(todo.v);
	if (rc && !*err)
		snprintf(err, errlen, "%s: %s", mnt, strerror(-rc));
	if (rc)
		pm_owner_map_free(out);
	else if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_start);
	return rc;
}
