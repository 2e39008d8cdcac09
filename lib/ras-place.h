/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a machine check or a memory failure hit: the physical range placed
 * in the poison model the way inject --spa finds a namespace and
 * list-poison cuts a badrange (region, namespace, device, area, data
 * offset), and with files, the owners on a mounted filesystem.
 */
#ifndef PMEMCTL_LIB_RAS_PLACE_H
#define PMEMCTL_LIB_RAS_PLACE_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/owners.h"
#include "lib/poison-files.h"
#include "lib/poison.h"

struct ndctl_ctx;

struct pm_ras_place {
	/*
	 * The range lies in a region: scan holds its unit (the namespace, or
	 * the region when in none) and the range's records, cut where
	 * metadata and data meet. False: outside persistent memory (DRAM, a
	 * device), or the regions' addresses are unreadable.
	 */
	bool in_pmem;
	struct pm_scan scan;
	struct pm_rec_files *files;	/* with files: files[i] for scan.recs[i], else NULL */
};

/*
 * Place the physical range [@start, @start + @len) (clipped to its region).
 * With @files, each record's owners (a failed map leaves them unknown).
 * 0, or -ENOMEM.
 */
int pm_ras_place(struct ndctl_ctx *ctx, uint64_t start, uint64_t len, const enum pm_owner_method *files,
		 struct pm_ras_place *out);
void pm_ras_place_free(struct pm_ras_place *p);

/*
 * The sectors the kernel marks bad for a badrange [@start, @start + @len):
 * it rounds out to 512-byte sectors, as the region's badblocks list them.
 */
void pm_ras_sectors(uint64_t start, uint64_t len, uint64_t *out_start, uint64_t *out_len);
#endif
