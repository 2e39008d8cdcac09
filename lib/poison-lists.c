// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's poison lists as the scan reads them: a region's and a block
 * device's badblocks text. The kernel prints each into one page and cuts a
 * longer list mid-line, silently; lib/badblocks.c drops the half line and
 * says so. A region's cut list is completed from the platform's own list
 * (ARS status) where the platform has one; a block device's software
 * entries exist nowhere else.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "lib/badblocks.h"
#include "lib/poison-model.h"
#include "lib/range.h"
#include "lib/scrub.h"

/* Append to @bb what of the platform's records for the region it lacks. */
static int complete_from_ars(struct ndctl_region *region, uint64_t res, uint64_t size,
			     struct pm_range **bb, size_t *nbb, enum pm_list *list)
{
	struct pm_range *ars;
	size_t nars;
	bool whole;
	int rc = 0;

	if (res == ULLONG_MAX ||
	    pm_ars_records(ndctl_region_get_bus(region), res, size, &ars, &nars, &whole))
		return 0;	/* no platform list here (or not root): the cut stands */
	/* the kernel lists each record's whole sectors; so must this list */
	for (size_t i = 0; i < nars; i++)
		ars[i] = pm_range_to_sectors(&ars[i], size);
	/*
	 * The records are the last scrub's findings, not every badrange the
	 * kernel holds (injections not yet scrubbed, machine checks): they can
	 * complete the list only when they hold all that the kernel listed.
	 */
	for (size_t i = 0; !rc && whole && i < *nbb; i++) {
		struct pm_range *left;
		size_t n;

		rc = pm_subtract_all(&(*bb)[i], ars, nars, &left, &n);
		whole = rc == 0 && n == 0;
		free(left);
	}
	for (size_t i = 0; !rc && i < nars; i++) {
		struct pm_range *left, *grown = NULL;
		size_t n;

		rc = pm_subtract_all(&ars[i], *bb, *nbb, &left, &n);
		if (!rc)
			grown = realloc(*bb, (*nbb + n + 1) * sizeof(*grown));
		if (!rc && !grown)
			rc = -ENOMEM;
		if (!rc) {
			*bb = grown;
			memcpy(*bb + *nbb, left, n * sizeof(*left));
			*nbb += n;
		}
		free(left);
	}
	free(ars);
	if (!rc && whole)
		*list = PM_LIST_COMPLETED;
	return rc;
}

int pm_region_list(struct ndctl_region *region, uint64_t res, uint64_t size,
		   struct pm_range **bb, size_t *nbb, enum pm_list *list, unsigned int *notes)
{
	char path[PATH_MAX];
	struct pm_bb_list l;
	int rc;

	*bb = NULL;
	*nbb = 0;
	*list = PM_LIST_WHOLE;
	snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/badblocks", ndctl_region_get_devname(region));
	rc = pm_bb_read(path, &l);
	if (rc == -ENOENT) {	/* an older kernel: poison is seen in block devices only */
		*notes |= PM_NOTE_NO_REGION_BB;
		return 0;
	}
	*bb = rc ? NULL : calloc(l.n + 1, sizeof(**bb));
	if (!rc && !*bb)
		rc = -ENOMEM;
	for (size_t i = 0; !rc && i < l.n; i++) {
		if (pm_range_from_sectors(l.e[i].sector, l.e[i].count, size, &(*bb)[*nbb]))
			(*nbb)++;
		else
			*notes |= PM_NOTE_BAD_RANGE;
	}
	if (!rc && l.cut) {
		*list = PM_LIST_CUT;
		rc = complete_from_ars(region, res, size, bb, nbb, list);
	}
	pm_bb_free(&l);
	return rc;
}

int pm_block_list(const struct pm_ns_view *v, struct pm_bb_list *l)
{
	char path[PATH_MAX];
	int rc;

	memset(l, 0, sizeof(*l));
	if (!v->device || v->mode == PM_MODE_DEVDAX)
		return 0;
	snprintf(path, sizeof(path), "/sys/block/%s/badblocks", v->device);
	rc = pm_bb_read(path, l);
	return rc == -ENOENT || rc == -ENXIO ? 0 : rc;
}
