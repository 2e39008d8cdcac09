/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recovery job's facts, pure and unit-tested: which poison of a scan lies
 * in the range to recover (and which no write reaches), and the aligned
 * writes that clear it, for a namespace's data area or for the extents of
 * a file on it. cmd/recover.c runs the writes and reports them.
 */
#ifndef PMEMCTL_LIB_RECOVER_PLAN_H
#define PMEMCTL_LIB_RECOVER_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/fiemap.h"
#include "lib/poison.h"
#include "lib/recover.h"

/* No write is longer than this: the lock is dropped between writes. */
#define PM_MAX_RECOVER_WRITE (1ULL << 20)

/* The poison a recovery acts on. */
struct pm_recover_poison {
	struct pm_range *bad;	/* data ranges inside the target, normalized */
	size_t nbad;
	struct pm_range *meta;	/* records with no data offset (namespace metadata), region offsets */
	size_t nmeta;
};

/*
 * Split the poison of one namespace's scan @s: data ranges clipped to @want
 * (data offsets), and the records outside the data area. 0 or -ENOMEM.
 */
int pm_recover_poison_of(const struct pm_scan *s, const struct pm_range *want, struct pm_recover_poison *p);
void pm_recover_poison_free(struct pm_recover_poison *p);

/* A planned write, in namespace data offsets; delta maps it into the file. */
struct pm_write {
	struct pm_range w;
	int64_t delta;
	struct pm_recover_result r;	/* once done */
	bool done;
};

struct pm_recover_plan {
	struct pm_write *v;		/* in order */
	size_t n;
	struct pm_write *misaligned;	/* file extents holding poison that the unit cannot reach */
	size_t nmisaligned;
};

/*
 * Add to @plan the writes, aligned to @unit, that clear the normalized @bad
 * ranges below @end (data offsets), moved by @delta into the output.
 * 0 or -ENOMEM.
 */
int pm_plan_range(struct pm_recover_plan *plan, const struct pm_range *bad, size_t nbad, uint64_t unit,
		  uint64_t end, int64_t delta);

/*
 * The writes for a file whose extents are @e: each written extent that
 * holds poison of @bad, in device and file offsets; an extent whose device
 * or file offset is not aligned to @unit goes to plan->misaligned (its
 * first bad range). 0 or -ENOMEM.
 */
int pm_plan_file(struct pm_recover_plan *plan, const struct pm_extent *e, size_t ne,
		 const struct pm_range *bad, size_t nbad, uint64_t unit);
void pm_recover_plan_free(struct pm_recover_plan *plan);

/*
 * How many bytes of a --from image @plan reads: the end of the last bad
 * byte of @bad inside a write, at the write's data offset (+ its delta
 * when @moved: the image of a file is in file offsets). 0 when none.
 */
uint64_t pm_plan_image_end(const struct pm_recover_plan *plan, const struct pm_range *bad, size_t nbad,
			   bool moved);
#endif
