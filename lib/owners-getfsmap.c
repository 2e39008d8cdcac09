// SPDX-License-Identifier: GPL-2.0
/*
 * GETFSMAP for lib/owners: one query per poisoned range, its records
 * clipped to the range. Each query costs a walk of the reverse-map btree
 * from its root, and with cold caches mostly the wait for its blocks, so
 * the ranges are split among a few threads whose waits overlap: by XFS
 * allocation group, as a query holds its group's AGF buffer locked for
 * its whole walk and two threads in one group take turns. Each thread
 * then names its own owners by parent pointers, so that those cold inode
 * reads overlap the other threads' queries too.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <linux/fsmap.h>
#include <xfs/xfs.h>

#include "lib/owners-internal.h"

#define FSMAP_BATCH 128
#define RANGES_PER_THREAD 32	/* fewer: not worth a thread */
#define MAX_THREADS 4

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
		rc = pm_owners_push(m, &(struct pm_owner){ .dev = gaps[i], .kind = PM_OWNER_UNKNOWN,
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
				rc = pm_owners_push(m, &o, cap);
		}
		if (h->fmh_entries == 0 || (h->fmh_recs[h->fmh_entries - 1].fmr_flags & FMR_OF_LAST))
			break;
		fsmap_advance(h);
	}
	free(h);
	return rc ? rc : add_gaps(m, first, bad, cap);
}

/* One thread's share: ranges bad[0..n) into its own map. */
struct share {
	const char *mnt;		/* name the owners there (parent pointers), or NULL */
	struct pm_owners_dirs *dirs;	/* the directories all shares found */
	const struct pm_range *bad;
	size_t n;
	struct pm_owner_map m;
	size_t cap;
	dev_t dev;
	int fd;
	int rc;
};

static void *query_share(void *arg)
{
	struct share *s = arg;

	for (size_t i = 0; s->rc == 0 && i < s->n; i++)
		s->rc = getfsmap_range(s->fd, s->dev, &s->bad[i], &s->m, &s->cap);
	/* without parent pointers the caller names them all (by the walk) */
	if (s->rc == 0 && s->mnt && pm_owners_name_by_parents(s->mnt, &s->m, s->dirs) == -ENOMEM)
		s->rc = -ENOMEM;
	return NULL;
}

/* Appends @from's owners to @to (which takes their paths); @from is emptied. */
static int take_owners(struct pm_owner_map *to, size_t *cap, struct pm_owner_map *from)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < from->n; i++)
		rc = pm_owners_push(to, &from->v[i], cap);
	if (rc == 0)
		from->n = 0;	/* now @to's */
	to->named_by_parents |= from->named_by_parents;
	to->parent_calls += from->parent_calls;
	pm_owner_map_free(from);
	return rc;
}

/*
 * The bytes of one XFS allocation group, or 0 when the filesystem has none
 * (ext4). A GETFSMAP query holds its group's AGF locked, cold btree reads
 * included, so two threads in one group wait for each other.
 */
static uint64_t group_bytes(int fd)
{
	struct xfs_fsop_geom g = { 0 };

	if (ioctl(fd, XFS_IOC_FSGEOMETRY, &g) < 0 || !g.agblocks || !g.blocksize)
		return 0;
	return (uint64_t)g.agblocks * g.blocksize;
}

/* Whether a share may end before @bad[@i]: anywhere without groups, else where the group changes. */
static bool group_edge(const struct pm_range *bad, size_t i, uint64_t group)
{
	return !group || bad[i - 1].start / group != bad[i].start / group;
}

/*
 * Cuts the sorted @bad[0..@nbad) into shares of at most @most ranges,
 * only at group edges, as few as it can: @cut[t]..@cut[t + 1] is share
 * t. Returns the share count, or SIZE_MAX when one group alone is longer.
 */
static size_t pack_shares(const struct pm_range *bad, size_t nbad, uint64_t group, size_t most,
			  size_t *cut, size_t max)
{
	size_t nt = 0, run = 0;	/* run: where the current group began */

	cut[0] = 0;
	for (size_t i = 1; i <= nbad; i++) {
		if (i < nbad && !group_edge(bad, i, group))
			continue;
		if (i - run > most)
			return SIZE_MAX;
		if (i - cut[nt] > most) {	/* the group goes to a new share */
			if (++nt == max)
				return SIZE_MAX;
			cut[nt] = run;
		}
		run = i;
	}
	cut[++nt] = nbad;
	return nt;
}

/*
 * Splits @bad into at most @want shares, a group never in two of them,
 * with the longest share as short as it can be (a binary search over that
 * length). Returns the share count.
 */
static size_t split_shares(const struct pm_range *bad, size_t nbad, uint64_t group, size_t want,
			   size_t *cut)
{
	size_t lo = 1, hi = nbad ? nbad : 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pack_shares(bad, nbad, group, mid, cut, want) != SIZE_MAX)
			hi = mid;
		else
			lo = mid + 1;
	}
	return pack_shares(bad, nbad, group, hi, cut, want);
}

int pm_owners_getfsmap(int fd, dev_t dev, const char *mnt, const struct pm_range *bad,
		       size_t nbad, struct pm_owner_map *m, size_t *cap)
{
	size_t want = nbad / RANGES_PER_THREAD, cut[MAX_THREADS + 1], nt;
	struct pm_owners_dirs *dirs = mnt ? pm_owners_dirs_new() : NULL;
	struct share s[MAX_THREADS] = { 0 };
	pthread_t tid[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	int rc = 0;

	want = want < 1 ? 1 : want > MAX_THREADS ? MAX_THREADS : want;
	nt = split_shares(bad, nbad, want > 1 ? group_bytes(fd) : 0, want, cut);
	for (size_t t = 0; t < nt; t++) {
		s[t] = (struct share){ .fd = fd, .dev = dev, .mnt = dirs ? mnt : NULL, .dirs = dirs, .bad = bad + cut[t],
				       .n = cut[t + 1] - cut[t] };
		/* share 0 is this thread's; a thread that cannot start is too */
		started[t] = t > 0 && pthread_create(&tid[t], NULL, query_share, &s[t]) == 0;
	}
	for (size_t t = 0; t < nt; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			query_share(&s[t]);
	}
	for (size_t t = 0; t < nt; t++) {
		rc = rc ? rc : s[t].rc;
		if (rc == 0)
			rc = take_owners(m, cap, &s[t].m);
		else
			pm_owner_map_free(&s[t].m);
	}
	pm_owners_dirs_free(dirs);
	return rc;
}
