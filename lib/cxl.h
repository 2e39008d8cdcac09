/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CXL memory poison: what each CXL memory device (memdev) lists in its
 * poison list, placed in every address space the host has for it (device
 * physical address, CXL region, system physical address) and in the device
 * that uses it (the nd namespace of a pmem region, the dax device of a ram
 * region). The kernel (6.4 and later) gives the list only as cxl:cxl_poison
 * trace events after a write to the memdev's trigger_poison_list; nothing
 * here prints.
 */
#ifndef PMEMCTL_LIB_CXL_H
#define PMEMCTL_LIB_CXL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/namespace.h"
#include "lib/sysram.h"
#include "lib/range.h"

struct ndctl_ctx;

/* The memdev partition a DPA lies in. */
enum pm_cxl_partition { PM_CXL_PART_UNKNOWN, PM_CXL_PART_RAM, PM_CXL_PART_PMEM };
const char *pm_cxl_partition_name(enum pm_cxl_partition p);	/* NULL for unknown */

/* How the device says the poison came about (CXL 3.0 Media Error Record). */
enum pm_cxl_source {
	PM_CXL_SRC_UNKNOWN, PM_CXL_SRC_EXTERNAL, PM_CXL_SRC_INTERNAL, PM_CXL_SRC_INJECTED,
	PM_CXL_SRC_VENDOR, PM_CXL_SRC_RESERVED,
};
const char *pm_cxl_source_name(enum pm_cxl_source s);

enum pm_cxl_trace_type { PM_CXL_TRACE_LIST, PM_CXL_TRACE_INJECT, PM_CXL_TRACE_CLEAR };

/* The Get Poison List flags the kernel prints in each event. */
enum pm_cxl_flags {
	PM_CXL_FLAG_MORE = 1 << 0,
	PM_CXL_FLAG_OVERFLOW = 1 << 1,	/* the device's list overflowed: poison is missing from it */
	PM_CXL_FLAG_SCANNING = 1 << 2,	/* a media scan runs: the list may still grow */
};

/* One cxl:cxl_poison trace event. */
struct pm_cxl_event {
	char memdev[32], host[64], region[32];
	uint64_t serial;
	enum pm_cxl_trace_type type;
	bool has_hpa;		/* the kernel printed all ones: no region maps the DPA */
	uint64_t hpa, dpa, length, overflow_ts;
	enum pm_cxl_source source;
	unsigned int flags;	/* enum pm_cxl_flags */
};

/*
 * Parse the body of a cxl_poison event ("memdev=mem0 host=... overflow_time=0"):
 * 0, or -EINVAL when a field is missing or malformed.
 */
int pm_cxl_parse_poison(const char *body, struct pm_cxl_event *e);

/* Whether the memdev's poison was read. */
enum pm_cxl_list {
	PM_CXL_LIST_READ,		/* read; see the record flags for overflow/scanning */
	PM_CXL_LIST_NO_INTERFACE,	/* the kernel has no trigger_poison_list (before 6.4) */
	PM_CXL_LIST_UNSUPPORTED,	/* the kernel has it, the device cannot list poison */
	PM_CXL_LIST_NOT_ROOT,		/* only root may trigger and trace the list */
	PM_CXL_LIST_FAILED,		/* the trigger or tracefs failed: see pm_cxl_memdev.err */
	PM_CXL_LIST_LOST,		/* the trace ring overwrote events: the list is incomplete */
};
const char *pm_cxl_list_name(enum pm_cxl_list l);

struct pm_cxl_memdev {
	char name[32], host[64];
	uint64_t serial;
	uint64_t ram_size, pmem_size;	/* ram at DPA 0, pmem after it */
	enum pm_cxl_list list;
	int err;			/* PM_CXL_LIST_FAILED: the errno */
	unsigned int flags;		/* the flags of all its events */
	uint64_t ranges, bytes;		/* its records */
};

/* Who uses the bytes: nothing known, an nd namespace (pmem region), a dax device (ram region). */
enum pm_cxl_use { PM_CXL_USE_NONE, PM_CXL_USE_ND, PM_CXL_USE_DAX };

struct pm_cxl_rec {
	size_t memdev;			/* index into pm_cxl_scan.memdevs */
	enum pm_cxl_partition partition;
	enum pm_cxl_source source;
	unsigned int flags;		/* of the event that listed it */
	uint64_t dpa, length;
	char region[32];		/* the CXL region mapping the DPA; "" for none */
	bool has_spa;			/* region mapped: spa and region_offset are set */
	uint64_t spa, region_offset;
	enum pm_cxl_use use;
	/* PM_CXL_USE_ND: the nd side, as the NVDIMM records name it */
	char bus[32], provider[32], nd_region[32], namespace[32], device[32];
	enum pm_mode mode;
	enum pm_area area;
	bool has_nd_offset, has_data_offset;
	uint64_t nd_offset;		/* from the nd region start */
	uint64_t data_offset;		/* from the namespace data start, or into the dax device */
	/* online as system RAM: its dax device bound to kmem, its memory block online */
	enum pm_sysram system_ram;
};

/* What the scan could do as a whole. */
enum pm_cxl_state {
	PM_CXL_NONE,		/* no CXL memdev on this host */
	PM_CXL_SCANNED,		/* memdevs seen; each says whether its list was read */
	PM_CXL_NO_INTERFACE,	/* memdevs, and a kernel with no CXL poison interface */
	PM_CXL_NOT_ROOT,	/* memdevs, and a user who may not read their lists */
};

/*
 * NULL (PM_MODE_NONE) selects any. The nd filters (bus, namespace, mode)
 * select records on the nd side of a pmem region; -r selects a CXL region
 * or the nd region it became.
 */
struct pm_cxl_filter {
	const char *memdev;	/* memX or X */
	const char *region;	/* regionN or N: the CXL region, or a pmem region's nd region */
	const char *bus;	/* ndbusN or provider */
	const char *namespace;	/* namespaceX.Y or the device a user opens (pmemN, daxX.Y) */
	enum pm_mode mode;
};

struct pm_cxl_scan {
	enum pm_cxl_state state;
	struct pm_cxl_memdev *memdevs;
	size_t nmemdevs, cap_memdevs;
	struct pm_cxl_rec *recs;
	size_t nrecs, cap_recs;
	bool region_seen;	/* filter.region names a CXL region of this host */
};

/*
 * Read every CXL memdev under @sysfs ("/sys" on a live host) that @f
 * selects, and its poison list when this kernel and user can. @ctx places
 * pmem-region poison in nd namespaces (NULL: not placed). 0, -ENODEV when
 * f->memdev names no memdev, or -errno.
 */
int pm_cxl_scan(const char *sysfs, struct ndctl_ctx *ctx, const struct pm_cxl_filter *f,
		struct pm_cxl_scan *s);
void pm_cxl_scan_free(struct pm_cxl_scan *s);

struct pm_scan;
/*
 * Add to @s, as records of source PM_SRC_CXL (pm_poison.cxl: the index in
 * @c), @c's records that lie in an nd unit @s has (a pmem region's nd region
 * or namespace), and sort @s again: the kernel puts CXL poison in no nd
 * badblocks list, so without this those units would look clean, and
 * --files finds the files through them. *@merged[i] says whether @c's
 * record i went in (malloc'ed, free it). 0 or -ENOMEM.
 */
int pm_cxl_merge(const struct pm_cxl_scan *c, struct pm_scan *s, bool **merged);

/* Attribute @attr of CXL device @dev as a number (decimal or 0x): 0, -ENOENT or -EINVAL. */
int pm_cxl_attr_u64(const char *sysfs, const char *dev, const char *attr, uint64_t *v);
/* @name's host, serial and partition sizes from sysfs: 0, or -ENAMETOOLONG. */
int pm_cxl_memdev_read(const char *sysfs, const char *name, struct pm_cxl_memdev *m);
/* The partition of @m that holds @dpa. */
enum pm_cxl_partition pm_cxl_partition_of(const struct pm_cxl_memdev *m, uint64_t dpa);

/* Inside lib/: a record from an event of memdev @m (partition, region offset), and its placement. */
int pm_cxl_add_event(struct pm_cxl_scan *s, size_t m, const struct pm_cxl_event *e,
		     const char *sysfs);
/* Place record @i in its nd namespace or dax device; pieces in other areas are appended. */
int pm_cxl_place(struct pm_cxl_scan *s, size_t i, struct ndctl_ctx *ctx, const char *sysfs);
/*
 * Read the lists of the memdevs whose list is PM_CXL_LIST_READ (to be read)
 * through one private tracefs instance; each memdev says how it went
 * (lib/cxl-trace.c).
 */
void pm_cxl_read_lists(struct pm_cxl_scan *s, const char *sysfs);
#endif
