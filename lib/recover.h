/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Recovery writes: clear poison by writing over it, without losing a good
 * byte. Each planned write is filled from the good sectors it covers (read
 * first, with O_DIRECT from the block device, where reads around a bad
 * sector succeed) and replacement bytes for the bad ones (zeros, or the same
 * bytes of an image), then written where the data lives: the block device
 * (O_DIRECT, aligned) or a file on a DAX filesystem (page-aligned pwrite,
 * the kernel's DAX_RECOVERY_WRITE path), or for devdax: clear-error on the
 * bad ranges, then a store through the mapping.
 */
#ifndef PMEMCTL_LIB_RECOVER_H
#define PMEMCTL_LIB_RECOVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/range.h"

/* Where one write reads and writes; offsets are namespace data offsets + delta. */
struct pm_rw {
	int dev_fd;		/* the block device, O_DIRECT: good sectors are read here */
	int out_fd;		/* the write goes here (the device itself, or a file) */
	int64_t out_delta;	/* out offset = data offset + out_delta */
	int image_fd;		/* replacement bytes, or -1 for zeros */
	int64_t image_delta;	/* image offset = data offset + image_delta */
	/*
	 * devdax has no block device: good bytes are read and the write goes
	 * through @map (data offset 0), and a write cannot clear poison, so
	 * @clear (the platform's clear-error command) runs first on the bad
	 * ranges, widened to @clear_unit.
	 */
	unsigned char *map;
	int (*clear)(void *ctx, const struct pm_range *r);
	void *clear_ctx;
	uint64_t clear_unit;
};

/* The step of a recovery write that failed. */
enum pm_rw_step {
	PM_STEP_NONE,
	PM_STEP_READ_GOOD,	/* reading the good sectors around the poison */
	PM_STEP_READ_IMAGE,	/* reading the --from image */
	PM_STEP_CLEAR_ERROR,	/* the platform's clear-error command (devdax) */
	PM_STEP_WRITE,		/* the write itself */
};

/* "read-good", "read-image", "clear-error", "write"; NULL for PM_STEP_NONE. */
const char *pm_rw_step_name(enum pm_rw_step step);

struct pm_recover_result {
	struct pm_range write;	/* data-relative bytes written */
	uint64_t replaced;	/* bad bytes replaced */
	uint64_t preserved;	/* good bytes read and written back unchanged */
	int error;		/* 0, or -errno of the failed step */
	enum pm_rw_step failed;	/* the step that failed, or PM_STEP_NONE */
};

/*
 * Perform write @w over the normalized @bad ranges. Nothing is written when
 * a good sector cannot be read or the image is short: the range is left
 * as it was and the result says why.
 */
int pm_recover_write(const struct pm_rw *rw, const struct pm_range *bad, size_t nbad,
		     const struct pm_range *w, struct pm_recover_result *r);

#endif
