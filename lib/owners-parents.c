// SPDX-License-Identifier: GPL-2.0
/*
 * Paths of the inodes GETFSMAP returned, from XFS parent pointers (kernel
 * 6.10+, a filesystem made with parent=1): each inode's parent directory
 * and name by handle, then the directory's own path the same way, up to
 * the mount's root directory. The cost follows the owners and the depth
 * of their directories, not the size of the tree; directory paths are
 * remembered, so files in one directory cost one lookup each, also when
 * several threads name owners: they share one cache, and a thread that
 * needs a directory another is looking up waits for it. (Two threads
 * reading one inode at once is not only twice the work: the loser of the
 * kernel's insert race sleeps a jiffy, 4 ms, before it retries.)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <xfs/xfs.h>

#include "lib/owners-internal.h"

/* The parent pointer ioctl, for xfslibs-dev older than 6.10 (Debian bookworm's 6.1). */
#ifndef XFS_IOC_GETPARENTS_BY_HANDLE
#define XFS_GETPARENTS_OFLAG_ROOT (1U << 0)
#define XFS_GETPARENTS_OFLAG_DONE (1U << 1)
struct xfs_getparents_rec {
	struct xfs_handle gpr_parent;
	__u32 gpr_reclen;
	__u32 gpr_reserved;
	char gpr_name[];
};
struct xfs_getparents {
	struct xfs_attrlist_cursor gp_cursor;
	__u16 gp_iflags, gp_oflags;
	__u32 gp_bufsize;
	__u64 gp_reserved, gp_buffer;
};
struct xfs_getparents_by_handle {
	struct xfs_handle gph_handle;
	struct xfs_getparents gph_request;
};
#define XFS_IOC_GETPARENTS_BY_HANDLE _IOWR('X', 63, struct xfs_getparents_by_handle)
#endif
_Static_assert(sizeof(struct xfs_getparents_by_handle) == 64, "kernel ABI: 64 bytes");

#define MAX_DEPTH 4096			/* directories deeper than this: a loop, give up */
/*
 * Records of one call: room for 14 links with the longest names, more come
 * by the cursor. Small, as it is zeroed before each call: the kernel says
 * neither how many records it wrote nor where they end.
 */
#define RECORDS_BYTES 4096

#define DIR_WAIT_SEC 2			/* waiting longer for another thread: a loop */

struct dir_path {
	uint64_t ino;			/* 0: a free slot */
	char *path;			/* relative to the mount point; NULL: not under it */
	int rc;				/* the lookup's result; path is valid when 0 */
	bool pending;			/* being looked up, by @by */
	pthread_t by;
};

/* Directory paths found so far: a hash table, shared by the naming threads. */
struct pm_owners_dirs {
	pthread_mutex_t lock;
	pthread_cond_t found;		/* a pending lookup ended */
	struct dir_path *v;
	size_t n, cap;			/* cap: a power of two, at least twice n */
};

struct parents {
	int fd;				/* the mount point */
	xfs_fsid_t fsid;
	uint64_t root_ino;		/* the mount's root directory (a subtree for bind mounts) */
	char *records;
	struct pm_owners_dirs *dirs;
	struct pm_owner_map *m;
};

/* A handle for inode @ino of generation @gen on this filesystem. */
static xfs_handle_t handle_of(const struct parents *p, uint64_t ino, uint32_t gen)
{
	xfs_handle_t h = { .ha_fsid = p->fsid };

	h.ha_fid.fid_len = sizeof(h.ha_fid) - sizeof(h.ha_fid.fid_len);
	h.ha_fid.fid_gen = gen;
	h.ha_fid.fid_ino = ino;
	return h;
}

/*
 * The generation of inode @ino (a handle needs it). The one-inode bulkstat
 * reads just that inode; the v5 XFS_IOC_BULKSTAT walks the inode btree and
 * reads ahead the inode's whole chunk, twice the time when caches are cold.
 */
static int inode_gen(int fd, uint64_t ino, uint32_t *gen)
{
	__u64 last = ino;
	__s32 count = 0;
	struct xfs_bstat bs = { 0 };
	struct xfs_fsop_bulkreq req = { .lastip = &last, .icount = 1, .ubuffer = &bs,
					.ocount = &count };

	if (ioctl(fd, XFS_IOC_FSBULKSTAT_SINGLE, &req) < 0)
		return errno == EINVAL ? -ENOENT : -errno;	/* EINVAL: freed since GETFSMAP */
	if (bs.bs_ino != ino)
		return -ENOENT;
	*gen = bs.bs_gen;
	return 0;
}

static int dir_path(struct parents *p, const xfs_handle_t *h, int depth, char **out);

/*
 * One GETPARENTS call: its records copied out of the shared buffer (the
 * caller looks up each parent's path with the same buffer), @len bytes.
 */
static int get_parents(struct parents *p, struct xfs_getparents_by_handle *gp, char **recs,
		       size_t *len)
{
	char *end = p->records + RECORDS_BYTES, *r = p->records;

	if (!p->records)
		return -ENOMEM;
	memset(p->records, 0, RECORDS_BYTES);	/* the records end where zeros start */
	gp->gph_request.gp_buffer = (uintptr_t)p->records;
	gp->gph_request.gp_bufsize = RECORDS_BYTES;
	p->m->parent_calls++;
	if (ioctl(p->fd, XFS_IOC_GETPARENTS_BY_HANDLE, gp) < 0)
		return -errno;
	while (r + sizeof(struct xfs_getparents_rec) <= end) {
		struct xfs_getparents_rec *rec = (void *)r;

		if (rec->gpr_reclen < sizeof(*rec) + 1 || r + rec->gpr_reclen > end)
			break;
		r += rec->gpr_reclen;
	}
	*len = (size_t)(r - p->records);
	*recs = malloc(*len + 1);
	if (!*recs)
		return -ENOMEM;
	memcpy(*recs, p->records, *len);
	return 0;
}

/*
 * The paths of all links of the inode with handle @h, one call at a time:
 * each parent's path (a directory: recursion) joined with the name. Keeps
 * the smallest (bytewise) in *@best, so a hard-linked file always gets the
 * same name. *@links counts the links, *@root says @h is the filesystem root.
 */
static int link_paths(struct parents *p, const xfs_handle_t *h, int depth, char **best,
		      size_t *links, bool *root)
{
	struct xfs_getparents_by_handle gp = { .gph_handle = *h };
	int rc = 0;

	*best = NULL;
	*links = 0;
	*root = false;
	do {
		char *recs = NULL;
		size_t len = 0;

		rc = get_parents(p, &gp, &recs, &len);
		*root |= !!(gp.gph_request.gp_oflags & XFS_GETPARENTS_OFLAG_ROOT);
		for (char *r = recs; rc == 0 && r < recs + len;) {
			struct xfs_getparents_rec *rec = (void *)r;
			char *dir, *path;

			r += rec->gpr_reclen;
			(*links)++;
			rc = dir_path(p, &rec->gpr_parent, depth + 1, &dir);
			if (rc || !dir)
				continue;	/* a link outside the mounted subtree */
			path = pm_owners_join(dir, rec->gpr_name);
			if (!path)
				rc = -ENOMEM;
			else if (!*best || strcmp(path, *best) < 0)
				free(*best), *best = path;
			else
				free(path);
		}
		free(recs);
	} while (rc == 0 && !(gp.gph_request.gp_oflags & XFS_GETPARENTS_OFLAG_DONE));
	if (rc)
		free(*best), *best = NULL;
	return rc;
}

struct pm_owners_dirs *pm_owners_dirs_new(void)
{
	struct pm_owners_dirs *d = malloc(sizeof(*d));

	if (d)
		*d = (struct pm_owners_dirs){ PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	return d;
}

void pm_owners_dirs_free(struct pm_owners_dirs *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->cap; i++)
		free(d->v[i].path);
	free(d->v);
	pthread_cond_destroy(&d->found);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static struct dir_path *dir_slot(struct dir_path *v, size_t cap, uint64_t ino)
{
	size_t i = (size_t)(ino * 0x9e3779b97f4a7c15ull) & (cap - 1);

	while (v[i].ino && v[i].ino != ino)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* The entry of directory @ino, a new one (pending, this thread's) if none; NULL: no memory. */
static struct dir_path *dir_entry(struct pm_owners_dirs *d, uint64_t ino)
{
	struct dir_path *e = d->cap ? dir_slot(d->v, d->cap, ino) : NULL;

	if (e && e->ino)
		return e;
	if (2 * (d->n + 1) > d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		struct dir_path *v = calloc(cap, sizeof(*v));

		if (!v)
			return NULL;
		for (size_t i = 0; i < d->cap; i++)
			if (d->v[i].ino)
				*dir_slot(v, cap, d->v[i].ino) = d->v[i];
		free(d->v);
		d->v = v;
		d->cap = cap;
	}
	e = dir_slot(d->v, d->cap, ino);
	*e = (struct dir_path){ .ino = ino, .pending = true, .by = pthread_self() };
	d->n++;
	return e;
}

/*
 * Directory @ino's entry once no other thread is looking it up (the
 * caller holds the lock); *@mine says this thread is to look it up.
 * -ELOOP: this thread is already looking it up further down (a loop), or
 * the wait was too long (a loop through another thread).
 */
static int dir_claim(struct pm_owners_dirs *d, uint64_t ino, struct dir_path **out, bool *mine)
{
	struct timespec until;
	struct dir_path *e;
	bool late = false;	/* the wait ended: one more look, then -ELOOP */

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DIR_WAIT_SEC;
	*mine = false;
	for (;;) {
		size_t n = d->n;

		if (!(e = dir_entry(d, ino)))
			return -ENOMEM;
		if (d->n != n)
			return (*mine = true), (*out = e), 0;
		if (!e->pending)
			return (*out = e), 0;
		if (late || pthread_equal(e->by, pthread_self()))
			return -ELOOP;
		late = pthread_cond_timedwait(&d->found, &d->lock, &until) != 0;
	}
}

/* The path of directory @h, NULL (with 0) when it is not under the mount's root. */
static int dir_path(struct parents *p, const xfs_handle_t *h, int depth, char **out)
{
	uint64_t ino = h->ha_fid.fid_ino;
	struct pm_owners_dirs *d = p->dirs;
	struct dir_path *e;
	char *path = NULL;
	size_t links;
	bool root, mine;
	int rc;

	*out = NULL;
	if (ino == p->root_ino)
		return (*out = (char *)""), 0;
	if (depth > MAX_DEPTH)
		return -ELOOP;
	pthread_mutex_lock(&d->lock);
	rc = dir_claim(d, ino, &e, &mine);
	if (rc == 0 && !mine)
		rc = e->rc, *out = e->path;
	pthread_mutex_unlock(&d->lock);
	if (rc || !mine)
		return rc;
	rc = link_paths(p, h, depth, &path, &links, &root);
	pthread_mutex_lock(&d->lock);
	e = dir_slot(d->v, d->cap, ino);	/* the table may have grown meanwhile */
	*e = (struct dir_path){ .ino = ino, .path = path, .rc = rc };
	pthread_cond_broadcast(&d->found);
	pthread_mutex_unlock(&d->lock);
	*out = path;
	return rc;
}

/* An owner still to be named; sorted by inode so that each inode is looked up once. */
struct todo {
	struct pm_owner *o;
};

/* Names the owners @group[0..@n) that share one inode; a failure for it leaves them to the walk. */
static int name_inode(struct parents *p, const struct todo *group, size_t n)
{
	enum pm_owner_unnamed why = PM_UNNAMED_NOT_FOUND;
	uint64_t ino = group[0].o->inode;
	char *path = NULL;
	size_t links;
	uint32_t gen = 0;
	bool root;
	int rc = 0;

	if (ino == p->root_ino)
		path = strdup(".");
	else if ((rc = inode_gen(p->fd, ino, &gen)) == 0) {
		xfs_handle_t h = handle_of(p, ino, gen);

		rc = link_paths(p, &h, 0, &path, &links, &root);
		if (rc == 0 && !path)
			why = links || root ? PM_UNNAMED_OUTSIDE : PM_UNNAMED_DELETED;
	}
	if (rc == -EOPNOTSUPP || rc == -ENOTTY || rc == -EPERM || rc == -ENOMEM)
		return rc;	/* for every inode alike: give up */
	p->m->named_by_parents |= path || why != PM_UNNAMED_NOT_FOUND;	/* else: the walk */
	for (size_t i = 0; i < n; i++) {
		group[i].o->path = path && i ? strdup(path) : i ? NULL : path;
		group[i].o->unnamed = why;
	}
	return 0;
}

static int open_parents(const char *mnt, struct pm_owner_map *m, struct pm_owners_dirs *dirs,
			struct parents *p)
{
	xfs_handle_t root;
	__u32 len = sizeof(root);
	struct stat st;
	xfs_fsop_handlereq_t req = { .ohandle = &root, .ohandlen = &len };

	*p = (struct parents){ .m = m, .dirs = dirs };
	p->fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->fd < 0 || fstat(p->fd, &st))
		return -errno;
	req.fd = p->fd;
	if (ioctl(p->fd, XFS_IOC_FD_TO_HANDLE, &req) < 0)	/* not XFS: ENOTTY */
		return -errno;
	p->fsid = root.ha_fsid;
	p->root_ino = st.st_ino;
	p->records = calloc(1, RECORDS_BYTES);
	return p->records ? 0 : -ENOMEM;
}

static void close_parents(struct parents *p)
{
	free(p->records);
	if (p->fd >= 0)
		close(p->fd);
}

static int by_inode(const void *a, const void *b)
{
	const struct pm_owner *x = ((const struct todo *)a)->o, *y = ((const struct todo *)b)->o;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

int pm_owners_name_by_parents(const char *mnt, struct pm_owner_map *m, struct pm_owners_dirs *dirs)
{
	struct todo *todo = calloc(m->n + 1, sizeof(struct todo));
	struct pm_owners_dirs *own = dirs ? NULL : pm_owners_dirs_new();
	struct parents p;
	size_t n = 0;
	int rc;

	if (!todo || !(dirs = dirs ? dirs : own)) {
		pm_owners_dirs_free(own);
		free(todo);
		return -ENOMEM;
	}
	rc = open_parents(mnt, m, dirs, &p);
	for (size_t i = 0; i < m->n; i++)
		if (pm_owner_needs_name(&m->v[i]))
			todo[n++].o = &m->v[i];
	qsort(todo, n, sizeof(struct todo), by_inode);	/* one lookup per inode */
	for (size_t i = 0, j; rc == 0 && i < n; i = j) {
		for (j = i + 1; j < n && todo[j].o->inode == todo[i].o->inode; j++)
			;
		rc = name_inode(&p, todo + i, j - i);
	}
	close_parents(&p);
	pm_owners_dirs_free(own);
	free(todo);
	if (rc == -ENOTTY || rc == -EOPNOTSUPP || rc == -EPERM)
		return -EOPNOTSUPP;	/* not XFS, no parent pointers, or not allowed */
	return rc;
}
