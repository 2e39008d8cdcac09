// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>
#if HAVE_DECL_RWF_RECOVERY_DATA
#include <linux/fs.h>
#endif

#include "lib/mapio.h"
#include "lib/plan.h"
#include "lib/recover.h"

static int pread_full(int fd, void *buf, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, off + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;	/* the image is shorter than the device */
		done += (size_t)n;
	}
	return 0;
}

static int pwrite_full(int fd, const void *buf, size_t len, off_t off)
{
	/*
	 * One call for the whole write: a DAX recovery write must cover the
	 * poisoned page in one go, and a short write means it did not.
	 *
	 * RWF_RECOVERY_DATA was proposed (2021) and never merged; its value is
	 * RWF_NOAPPEND since 6.9. It is used only if the system's headers
	 * define it (configure checks), never defined here. What the kernel
	 * merged instead (DAX_RECOVERY_WRITE) needs nothing but this pwrite.
	 */
#if HAVE_DECL_RWF_RECOVERY_DATA
	struct iovec iov = { (void *)buf, len };
	ssize_t n = pwritev2(fd, &iov, 1, off, RWF_RECOVERY_DATA);
#else
	ssize_t n = pwrite(fd, buf, len, off);
#endif

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* Fill [off, off+len) of @buf (which starts at data offset @base) from one class of sectors. */
static int fill_run(const struct pm_rw *rw, bool bad, char *buf, uint64_t base, uint64_t off,
		    uint64_t len, struct pm_recover_result *r)
{
	char *dst = buf + (off - base);
	int rc;

	if (!bad) {
		rc = rw->map ? pm_map_read(dst, rw->map + off, len) : pread_full(rw->dev_fd, dst, len, (off_t)off);
		r->failed = rc ? PM_STEP_READ_GOOD : PM_STEP_NONE;
		r->preserved += rc ? 0 : len;
		return rc;
	}
	if (rw->image_fd < 0) {
		memset(dst, 0, len);
		rc = 0;
	} else {
		rc = pread_full(rw->image_fd, dst, len, (off_t)((int64_t)off + rw->image_delta));
		r->failed = rc ? PM_STEP_READ_IMAGE : PM_STEP_NONE;
	}
	r->replaced += rc ? 0 : len;
	return rc;
}

/* Clear-error on the poison inside @w, each range widened to the clear unit. */
static int clear_bad(const struct pm_rw *rw, const struct pm_range *bad, size_t nbad,
		     const struct pm_range *w)
{
	uint64_t u = rw->clear_unit ? rw->clear_unit : PM_SECTOR;

	for (size_t i = 0; i < nbad; i++) {
		struct pm_range in;
		uint64_t s, e;
		int rc;

		if (!pm_range_intersect(&bad[i], w, &in))
			continue;
		s = in.start / u * u;
		e = (pm_range_end(&in) + u - 1) / u * u;
		/* @w is aligned to the clear unit, so the widened range stays inside it */
		rc = rw->clear(rw->clear_ctx, &(struct pm_range){ s, e - s });
		if (rc)
			return rc;
	}
	return 0;
}

int pm_recover_write(const struct pm_rw *rw, const struct pm_range *bad, size_t nbad,
		     const struct pm_range *w, struct pm_recover_result *r)
{
	uint64_t end = pm_range_end(w), run = w->start;
	void *buf;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->write = *w;
	if (posix_memalign(&buf, 4096, w->len))
		return r->error = -ENOMEM;
	/* runs of consecutive good or bad sectors, each filled with one call */
	for (uint64_t off = w->start; !rc && off <= end; off += PM_SECTOR) {
		if (off < end && off > run &&
		    pm_sector_is_bad(bad, nbad, off) == pm_sector_is_bad(bad, nbad, run))
			continue;
		if (off > run)
			rc = fill_run(rw, pm_sector_is_bad(bad, nbad, run), buf, w->start, run,
				      off - run, r);
		run = off;
	}
	if (!rc && rw->map) {
		rc = clear_bad(rw, bad, nbad, w);
		r->failed = rc ? PM_STEP_CLEAR_ERROR : PM_STEP_NONE;
	}
	if (!rc) {
		rc = rw->map ? pm_map_write(rw->map + w->start, buf, w->len)
			     : pwrite_full(rw->out_fd, buf, w->len, (off_t)((int64_t)w->start + rw->out_delta));
		r->failed = rc ? PM_STEP_WRITE : PM_STEP_NONE;
	}
	free(buf);
	return r->error = rc;
}

const char *pm_rw_step_name(enum pm_rw_step step)
{
	switch (step) {
	case PM_STEP_READ_GOOD: return "read-good";
	case PM_STEP_READ_IMAGE: return "read-image";
	case PM_STEP_CLEAR_ERROR: return "clear-error";
	case PM_STEP_WRITE: return "write";
	case PM_STEP_NONE: break;
	}
	return NULL;
}
