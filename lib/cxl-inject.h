/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CXL poison injection for test labs: the kernel's debugfs test interfaces
 * cxl/memX/inject_poison and clear_poison (one 64-byte line per write; a
 * clear writes zeros to the line), and the user-space translation of a
 * CXL region offset to the memdev and DPA that back it (modulo interleave).
 */
#ifndef PMEMCTL_LIB_CXL_INJECT_H
#define PMEMCTL_LIB_CXL_INJECT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PM_CXL_LINE 64	/* the kernel injects and clears one 64-byte line per write */

/* Why a region offset has no DPA. */
enum pm_cxl_xlate {
	PM_CXL_XLATE_OK,
	PM_CXL_XLATE_NO_REGION,		/* no such CXL region, or not committed */
	PM_CXL_XLATE_OUTSIDE,		/* the offset is past the region's size */
	PM_CXL_XLATE_HOST_BRIDGES,	/* the root decoder interleaves host bridges: modulo or XOR is not in sysfs */
	PM_CXL_XLATE_NO_TARGET,		/* a target decoder or its memdev is unreadable */
};

/* Where a poison line goes: the memdev and DPA, and the region that maps it. */
struct pm_cxl_where {
	char memdev[32];
	uint64_t dpa;
	char region[32];		/* "" when no committed region maps the DPA */
	uint64_t region_offset, spa;	/* with region */
};

/* CXL region @region's offset @off, through its modulo interleave, into @w. */
enum pm_cxl_xlate pm_cxl_region_to_dpa(const char *sysfs, const char *region, uint64_t off,
				       struct pm_cxl_where *w);
/* The committed CXL region whose range holds @spa, into @region with the offset; false when none. */
bool pm_cxl_region_at(const char *sysfs, uint64_t spa, char *region, size_t len, uint64_t *off);
/* The committed region mapping @w's memdev and DPA, filled in @w (region "" when none). */
void pm_cxl_dpa_to_region(const char *sysfs, struct pm_cxl_where *w);
/* Whether @memdev exists, and whether its debugfs inject and clear files do. */
bool pm_cxl_memdev_exists(const char *sysfs, const char *memdev);
bool pm_cxl_inject_supported(const char *debugfs, const char *memdev);
/* Inject (or, @clear, clear) the 64-byte line at @dpa of @memdev: 0 or -errno. */
int pm_cxl_poison_line(const char *debugfs, const char *memdev, uint64_t dpa, bool clear);
#endif
