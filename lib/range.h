/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Byte ranges and namespace layouts: the arithmetic that turns the kernel's
 * region-relative badblocks into offsets a user of a namespace can act on.
 * Pure functions, no I/O, so they are unit-tested directly.
 */
#ifndef PMEMCTL_LIB_RANGE_H
#define PMEMCTL_LIB_RANGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PM_SECTOR 512ULL

struct pm_range {
	uint64_t start;	/* bytes */
	uint64_t len;	/* bytes */
};

static inline uint64_t pm_range_end(const struct pm_range *r)
{
	return r->start + r->len;
}

/* Overlap of @a and @b into @out; false when they do not overlap. */
bool pm_range_intersect(const struct pm_range *a, const struct pm_range *b,
			struct pm_range *out);

/*
 * Parts of @r not covered by any of the @ncut ranges (any order, may
 * overlap). Writes at most @max parts to @out and returns how many parts
 * there are in all, which may exceed @max.
 */
size_t pm_range_subtract(const struct pm_range *r, const struct pm_range *cut,
			 size_t ncut, struct pm_range *out, size_t max);

/*
 * A badblocks entry in sectors, validated against the size of the device
 * it was read from. Firmware-reported ranges are not trusted blindly:
 * empty ranges and ranges beyond the device are rejected (false), a range
 * that runs past the end is clipped.
 */
bool pm_range_from_sectors(uint64_t sector, uint64_t count, uint64_t dev_size,
			   struct pm_range *out);

/*
 * @r widened to whole 512-byte sectors, clipped to @size (a multiple of
 * the sector): what the kernel's badblocks list for a platform record.
 * Platforms report bytes (nfit_test: an injection's clear unit, 256).
 */
struct pm_range pm_range_to_sectors(const struct pm_range *r, uint64_t size);

/* Where in a namespace a poisoned byte lies. */
enum pm_area {
	PM_AREA_DATA,		/* the data area a block/dax device user sees */
	PM_AREA_METADATA,	/* inside the namespace, outside its data area */
	PM_AREA_BTT,		/* BTT remaps sectors: no stable data offset */
	PM_AREA_UNCLAIMED,	/* in the region, in no namespace */
	PM_AREA_UNKNOWN,	/* layout unreadable (e.g. not root) */
};
const char *pm_area_name(enum pm_area a);

/* A namespace, in byte offsets relative to its region. */
struct pm_ns_layout {
	struct pm_range ns;	/* the whole namespace */
	struct pm_range data;	/* the data area, inside ns */
	bool btt;
	/*
	 * Where the data area begins is not known: a disabled fsdax or
	 * devdax namespace, whose info block (on the media, behind no
	 * device) holds it. Its poison is placed in the namespace, area
	 * unknown, never at data offsets that may not exist.
	 */
	bool data_unknown;
};

struct pm_piece {
	struct pm_range range;	/* region-relative */
	enum pm_area area;
};

/*
 * Cut the region-relative range @r by namespace @l: up to three pieces
 * (metadata before the data area, data, metadata after it), in order;
 * one piece of area unknown when @l->data_unknown. Returns the number of pieces (0 when @r misses the namespace).
 */
size_t pm_layout_split(const struct pm_ns_layout *l, const struct pm_range *r,
		       struct pm_piece out[3]);

/* True when @l is self-consistent: data inside ns, nothing wraps. */
bool pm_layout_valid(const struct pm_ns_layout *l);
#endif
