/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The poison model: every poisoned range on the host, as records that carry
 * the device they belong to and each offset that means something to an
 * admin. Built from libndctl; nothing here prints.
 */
#ifndef PMEMCTL_LIB_POISON_H
#define PMEMCTL_LIB_POISON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/namespace.h"
#include "lib/sysram.h"
#include "lib/range.h"

struct ndctl_ctx;

/* Where a record came from. */
enum pm_source {
	PM_SRC_REGION,	/* the region's badblocks: what the platform (ARS) reported */
	PM_SRC_BLOCK,	/* only in the block device's list (e.g. added through sysfs) */
	PM_SRC_INJECTED,	/* firmware's list of injected errors (pmemctl inject) */
	/*
	 * A CXL memdev's poison list, in the nd region of its pmem region
	 * (lib/cxl.h): the kernel puts it in no nd badblocks list.
	 */
	PM_SRC_CXL,
};
const char *pm_source_name(enum pm_source s);

/*
 * How much of a unit's poison the scan holds. The kernel prints a badblocks
 * list into one page and cuts a longer one mid-line, saying nothing.
 * Ordered: a unit takes the worst of the lists it is built from.
 */
enum pm_list {
	PM_LIST_WHOLE,		/* every list read was whole */
	/*
	 * The region's list was cut and the platform's ARS records gave the
	 * rest: they hold every range the kernel listed, and the scrub that
	 * made them was neither running nor overflowed. Ranges added only in
	 * software (a block device's list) past the cut exist nowhere else and
	 * stay unknown.
	 */
	PM_LIST_COMPLETED,
	PM_LIST_CUT,		/* a list was cut: ranges past its page are unknown */
};
const char *pm_list_name(enum pm_list l);

/* Interleave sets wider than this do not exist on shipping platforms. */
#define PM_MAX_DIMMS 16

/* A region (namespace == NULL) or a namespace that the scan visited. */
struct pm_unit {
	const char *bus, *provider, *region, *namespace, *device;
	enum pm_mode mode;
	unsigned int region_id;
	int ns_id;		/* -1 for a region */
	uint64_t ranges, bytes;	/* poison in this unit */
	/*
	 * bytes split by area: in a data area (what the block or dax device
	 * shows, ndctl's badblock_count), in namespace metadata (info block,
	 * memmap, BTT), in no namespace; the rest is of unknown area.
	 */
	uint64_t data_bytes, metadata_bytes, unclaimed_bytes;
	/*
	 * No driver bound. A disabled region's poison is unknown, not absent:
	 * the kernel fails reads of its badblocks with ENXIO.
	 */
	bool disabled;
	/*
	 * The poison count means nothing: a disabled region (no namespace of
	 * it is seen), or a region whose poison outside its block devices
	 * cannot be placed (PM_NOTE_UNPLACED: its ranges are records with
	 * unplaced set). Every view shows "unknown", never 0.
	 */
	bool unknown;
	/*
	 * A devdax namespace whose dax device is bound to kmem (the driver
	 * link: libdaxctl keeps that check to itself), or may be (not root:
	 * the device cannot be named): its data area's records say whether
	 * their memory is online as system RAM. A region's row: one of its
	 * namespaces is (its unplaced ranges cannot say).
	 */
	bool kmem;
	/* of bytes: those whose records say system_ram yes; some record cannot say */
	uint64_t system_ram_bytes;
	bool system_ram_unknown;
	/* a namespace's place in its region, when known (has_ns_start) */
	bool has_ns_start;
	uint64_t ns_start, ns_len;
	enum pm_list list;	/* whether the counts and records are all of it */
};

struct pm_poison {
	size_t unit;		/* index into pm_scan.units */
	enum pm_area area;
	enum pm_source source;
	bool has_region_offset, has_data_offset, has_spa, dimms_known;
	uint64_t region_offset;	/* bytes from the region start */
	uint64_t data_offset;	/* bytes from the namespace data start */
	uint64_t spa;		/* system physical address */
	uint64_t length;	/* bytes */
	/*
	 * The region lists the range but which namespace holds it, if any, is
	 * unknown (without root the layouts are unreadable): the record is the
	 * region's, area unknown, and it may repeat a block device's record.
	 */
	bool unplaced;
	unsigned int ndimms;
	const char *dimms[PM_MAX_DIMMS];
	size_t cxl;		/* PM_SRC_CXL: the record's index in its struct pm_cxl_scan */
	/*
	 * Online as system RAM: the kernel may give these pages to any
	 * process (set by pm_scan_add_record for a kmem unit's data area).
	 */
	enum pm_sysram system_ram;
};

struct pm_filter {
	const char *bus;	/* ndbusN or provider name */
	const char *region;	/* regionN or N */
	const char *namespace;	/* namespaceX.Y, or its block/dax device */
	enum pm_mode mode;	/* PM_MODE_NONE: any */
	const char *mode_word;	/* the word given for mode ('memory' is fsdax), or NULL */
	/*
	 * The caller shows no DIMM names (list-poison --summary): none are
	 * looked up, so the scan makes no firmware call.
	 */
	bool skip_dimms;
};

/* Things the caller may want to tell the user once. */
enum pm_note {
	PM_NOTE_NO_RESOURCE = 1 << 0,	/* resource attributes unreadable: no SPA/region offsets */
	PM_NOTE_BAD_RANGE = 1 << 1,	/* a badblocks entry outside its device was dropped */
	PM_NOTE_NO_REGION_BB = 1 << 2,	/* a region has no badblocks attribute (older kernel) */
	PM_NOTE_REGION_DISABLED = 1 << 3,	/* a region is disabled: its poison is unknown */
	/*
	 * Without root (no resource attributes), a region lists more poison
	 * than its block devices: the rest (metadata, unclaimed space) cannot
	 * be placed. The region's ranges are records with unplaced set (some
	 * may repeat a block device's records: the two cannot be matched);
	 * the region's row is unknown.
	 */
	PM_NOTE_UNPLACED = 1 << 4,
	PM_NOTE_LIST_CUT = 1 << 5,	/* a unit's list is not whole: see pm_unit.list */
};

/* Why pm_scan_poison() failed. */
enum pm_scan_fail {
	PM_SCAN_OK,
	PM_SCAN_NO_BUS,		/* f->bus matched no bus */
	PM_SCAN_NO_REGION,	/* f->region matched no region */
	PM_SCAN_NO_NAMESPACE,	/* f->namespace matched nothing (see PM_NOTE_REGION_DISABLED) */
	PM_SCAN_NO_MODE,	/* no namespace has mode f->mode */
	PM_SCAN_ERRNO,		/* reading failed with fail_errno */
};

struct pm_scan {
	struct pm_unit *units;
	size_t nunits, cap_units;
	struct pm_poison *recs;
	size_t nrecs, cap_recs;
	unsigned int notes;	/* enum pm_note bits */
	char disabled[128];	/* the disabled regions seen: "region1, region3" */
	enum pm_scan_fail fail;	/* why pm_scan_poison() failed */
	int fail_errno;		/* with PM_SCAN_ERRNO: the errno */
	/*
	 * Copies of the units' device names. libndctl frees and re-reads a
	 * block device name when it is asked again, so the scan keeps its own.
	 */
	char **owned;
	size_t nowned, cap_owned;
};

/* Exit-worthy failure kinds returned (negated) by pm_scan_poison(). */
#define PM_ENOMATCH ENODEV	/* a filter matched no device */

/*
 * Fill @s with the poison that @f selects, records ordered by region and
 * offset. Returns 0, or a negative errno with s->fail set.
 */
int pm_scan_poison(struct ndctl_ctx *ctx, const struct pm_filter *f, struct pm_scan *s);
void pm_scan_free(struct pm_scan *s);

struct ndctl_region;

/*
 * Records for data-relative @ranges of one namespace, for commands that
 * report what they act on in list-poison's shape.
 */
int pm_scan_ranges(struct ndctl_region *region, const struct pm_ns_view *v,
		   const struct pm_range *ranges, size_t n, enum pm_source src, struct pm_scan *s);

/*
 * Records for region-relative range @r of @region, as list-poison places a
 * badrange there: cut by namespace @v's layout (metadata, data, with data
 * offsets), or in no namespace when @v is NULL (unclaimed; area unknown in
 * a disabled region). One unit; for reporting where an address lies.
 */
int pm_scan_region_range(struct ndctl_region *region, const struct pm_ns_view *v, const struct pm_range *r,
			 struct pm_scan *s);

/* pm_scan_data_ranges(): the records of every unit. */
#define PM_ALL_UNITS ((size_t)-1)

/*
 * The poison of @s in data offsets: the records of unit @unit (or
 * PM_ALL_UNITS) that have a data offset, clipped to @within (NULL: not
 * clipped), normalized (sorted, merged). *@out is malloc'ed: free it, even
 * for 0 ranges. Returns how many, or -ENOMEM.
 */
long pm_scan_data_ranges(const struct pm_scan *s, size_t unit, const struct pm_range *within,
			 struct pm_range **out);

#endif
