/* SPDX-License-Identifier: GPL-2.0 */
/* Inside lib/: how the poison scan fills and orders a struct pm_scan. */
#ifndef PMEMCTL_LIB_POISON_MODEL_H
#define PMEMCTL_LIB_POISON_MODEL_H
#include "lib/poison.h"

/* @v with room for element @n (capacity doubled when full), or NULL. */
void *pm_grow(void *v, size_t *cap, size_t n, size_t elem);
/* Append unit @u (its index in *@idx) or record @p (counted in its unit): 0 or -ENOMEM. */
int pm_scan_add_unit(struct pm_scan *s, const struct pm_unit *u, size_t *idx);
int pm_scan_add_record(struct pm_scan *s, const struct pm_poison *p);
/* Count @p in @u: its ranges, bytes and the bytes of @p's area. */
void pm_unit_count(struct pm_unit *u, const struct pm_poison *p);
/* Parts of @r not covered by @cut, in a malloc'ed array (*@out, free it). */
int pm_subtract_all(const struct pm_range *r, const struct pm_range *cut, size_t ncut,
		    struct pm_range **out, size_t *n);
/* Units by region then namespace, records by region and offset; region rows total their poison. */
int pm_scan_sort(struct pm_scan *s);

struct ndctl_region;
struct pm_bb_list;
/*
 * @region's badblocks (region start @res, ULLONG_MAX when unreadable) as
 * region-relative ranges in a malloc'ed *@bb; *@list says whether that is
 * all (a cut list completed from ARS where the platform can). An entry
 * outside the region, or no list at all, is a note. 0 or -errno.
 */
int pm_region_list(struct ndctl_region *region, uint64_t res, uint64_t size,
		   struct pm_range **bb, size_t *nbb, enum pm_list *list, unsigned int *notes);
/*
 * Which DIMMs back a region's records: what they share (the region's
 * mapping, its interleave ways, its geometry) is read at the first record
 * and kept here, so a record costs no sysfs read. The geometry is learnt
 * once per process from the platform's address translation
 * (lib/poison-dimms.c).
 */
struct pm_dimm_finder {
	struct ndctl_region *region;
	uint64_t res;		/* the region's start (SPA), ULLONG_MAX when unreadable */
	bool skip;		/* find none (pm_filter.skip_dimms) */
	bool ready;		/* the fields below are read */
	struct ndctl_bus *bus;
	unsigned int ways;
	const char *dimm;	/* a non-interleaved region's DIMM */
	bool geometry_tried;
	const struct pm_geometry *g;
};
void pm_dimm_finder_init(struct pm_dimm_finder *f, struct ndctl_region *region, uint64_t res);
/* Fill @p's DIMMs (its spa must be set for an interleaved region). */
void pm_dimm_finder_find(struct pm_dimm_finder *f, struct pm_poison *p);
/* An interleaved region's DIMMs as its translations showed them (lib/poison-dimms.c). */
struct pm_geometry {
	uint64_t size;
	bool usable;		/* learnt, and further probes agreed */
	uint64_t granule;	/* bytes on one DIMM before the next; size: one DIMM answers all */
	unsigned int ways;
	/*
	 * The DIMM names, copied: the learnt geometry outlives the libndctl
	 * context that named them (monitor opens a new one when devices change).
	 */
	char order[PM_MAX_DIMMS][32];
};
/*
 * The platform's DIMM for region offset @off, or NULL (no translation);
 * *@dpa its address on that DIMM, PM_DPA_UNKNOWN when not given.
 */
#define PM_DPA_UNKNOWN UINT64_MAX
typedef const char *(*pm_probe_fn)(void *arg, uint64_t off, uint64_t *dpa);
/*
 * Learn a region's geometry: the granule is the smallest power of two
 * (from 256) at which the platform stops answering as at offset 0 (another
 * DIMM, or that DIMM at an address other than offset 0's plus the offset).
 * Every offset below the granule answers so and none from it on, so a
 * bisection over the powers of two finds it in a few probes. Without
 * addresses (or where they do not behave so, or where the model learnt
 * from the bisection fails its check) the powers are walked in turn until
 * another DIMM answers. Then the order, one probe per way; then three
 * more probes must agree (g->usable). -ENOTTY when the first probe gets no
 * answer (the platform cannot translate), else 0.
 */
int pm_geometry_learn(struct pm_geometry *g, uint64_t size, unsigned int ways, pm_probe_fn probe, void *arg);
/* Add to @p the DIMMs of region range [@off, @off + @len) under @g. */
void pm_geometry_dimms(const struct pm_geometry *g, uint64_t off, uint64_t len, struct pm_poison *p);
/* @v's block device badblocks (none for devdax or without a device): 0 or -errno. */
int pm_block_list(const struct pm_ns_view *v, struct pm_bb_list *l);
#endif
