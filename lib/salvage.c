// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/mapio.h"
#include "lib/salvage.h"

#define CHUNK (1u << 20)

struct ctx {
	const struct pm_salvage_src *src;
	int out_fd;
	bool sparse;
	unsigned char *buf;	/* CHUNK bytes, page aligned (O_DIRECT) */
	struct pm_salvage_result *r;
};

static int lose(struct ctx *c, uint64_t pos, uint64_t len)
{
	struct pm_salvage_result *r = c->r;
	struct pm_range *last = r->nlost ? &r->lost_v[r->nlost - 1] : NULL;

	r->lost += len;
	if (last && pm_range_end(last) == pos) {
		last->len += len;
	} else {
		struct pm_range *g = realloc(r->lost_v, (r->nlost + 1) * sizeof(*g));

		if (!g)
			return -ENOMEM;
		r->lost_v = g;
		r->lost_v[r->nlost++] = (struct pm_range){ pos, len };
	}
	if (c->sparse)
		return 0;
	memset(c->buf, 0, len);
	return pwrite(c->out_fd, c->buf, len, (off_t)pos) == (ssize_t)len ? 0 : -EIO;
}

static int keep(struct ctx *c, uint64_t pos, uint64_t len, bool via_device)
{
	ssize_t n = pwrite(c->out_fd, c->buf, len, (off_t)pos);

	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EIO;
	c->r->copied += len;
	c->r->from_device += via_device ? len : 0;
	return 0;
}

/* Read [pos, pos+len) into the buffer: bytes read (maybe short), or -errno. */
static ssize_t read_some(struct ctx *c, uint64_t pos, uint64_t len)
{
	ssize_t n;

	if (c->src->map)
		return pm_map_read(c->buf, c->src->map + pos, len) ? -EIO : (ssize_t)len;
	do
		n = pread(c->src->fd, c->buf, len, (off_t)pos);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return -EIO;	/* the source shrank under us */
	return n < 0 ? -errno : n;
}

/* One sector that failed through the file: read it from the block device. */
static bool sector_from_device(struct ctx *c, uint64_t pos)
{
	const struct pm_salvage_src *s = c->src;

	if (s->dev_fd < 0)
		return false;
	for (size_t i = 0; i < s->n_ext; i++) {
		const struct pm_extent *e = &s->ext[i];

		if (pos < e->logical || pos >= e->logical + e->length || e->unwritten || e->unplaced)
			continue;
		return pread(s->dev_fd, c->buf, PM_SECTOR, (off_t)(e->physical + pos - e->logical)) == PM_SECTOR;
	}
	return false;
}

/*
 * Copy [pos, pos+len), all of it readable or not: a failed read is split in
 * halves (on sector boundaries) until the bad sectors are alone.
 */
static int copy_range(struct ctx *c, uint64_t pos, uint64_t len)
{
	while (len) {
		ssize_t n = read_some(c, pos, len);
		uint64_t half;
		int rc;

		if (n > 0) {
			rc = keep(c, pos, (uint64_t)n, false);
		} else if (len <= PM_SECTOR) {
			rc = sector_from_device(c, pos) ? keep(c, pos, len, true) : lose(c, pos, len);
			n = (ssize_t)len;
		} else {
			half = (len / 2 + PM_SECTOR - 1) / PM_SECTOR * PM_SECTOR;
			rc = copy_range(c, pos, half);
			if (!rc)
				rc = copy_range(c, pos + half, len - half);
			n = (ssize_t)len;
		}
		if (rc)
			return rc;
		pos += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* A chunk, with the sectors the kernel lists as bad lost without a read. */
static int copy_chunk(struct ctx *c, uint64_t pos, uint64_t len)
{
	const struct pm_salvage_src *s = c->src;
	struct pm_range chunk = { pos, len };
	uint64_t at = pos;
	int rc = 0;

	for (size_t i = 0; !rc && i < s->nknown; i++) {
		struct pm_range bad;

		if (!pm_range_intersect(&s->known_bad[i], &chunk, &bad))
			continue;
		if (bad.start > at)
			rc = copy_range(c, at, bad.start - at);
		if (!rc)
			rc = lose(c, bad.start, bad.len);
		at = pm_range_end(&bad);
	}
	if (!rc && at < pos + len)
		rc = copy_range(c, at, pos + len - at);
	return rc;
}

int pm_salvage(const struct pm_salvage_src *src, int out_fd, bool sparse,
	       volatile sig_atomic_t *stop, struct pm_salvage_result *r)
{
	struct ctx c = { .src = src, .out_fd = out_fd, .sparse = sparse, .r = r };
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (posix_memalign((void **)&c.buf, 4096, CHUNK))
		return r->error = -ENOMEM;
	for (uint64_t pos = 0; !rc && pos < src->size; pos += CHUNK) {
		if (stop && *stop) {
			rc = -EINTR;
			break;
		}
		rc = copy_chunk(&c, pos, src->size - pos < CHUNK ? src->size - pos : CHUNK);
	}
	free(c.buf);
	if (rc && rc != -EINTR)
		r->error = rc;
	return rc;
}

void pm_salvage_result_free(struct pm_salvage_result *r)
{
	free(r->lost_v);
	r->lost_v = NULL;
	r->nlost = 0;
}
