// SPDX-License-Identifier: GPL-2.0
/*
 * list-poison --format prometheus, CXL part: per-memdev series labelled by
 * the memdev and its serial (the serial follows the device when the
 * kernel renumbers memdevs). A memdev whose list could not be read has no
 * poison series: no series beats a false 0.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cmd/list-cxl.h"
#include "cmd/prometheus.h"

static void memdev_labels(FILE *f, const struct pm_cxl_memdev *m)
{
	char serial[24];

	snprintf(serial, sizeof(serial), "%" PRIu64, m->serial);
	prom_label(f, "cxl_memdev", m->name, true);
	prom_label(f, "cxl_serial", serial, false);
}

static uint64_t partition_total(const struct pm_cxl_scan *c, size_t m, enum pm_cxl_partition p,
				bool bytes)
{
	uint64_t t = 0;

	for (size_t i = 0; i < c->nrecs; i++)
		if (c->recs[i].memdev == m && c->recs[i].partition == p)
			t += bytes ? c->recs[i].length : 1;
	return t;
}

static void memdev_state(FILE *f, const struct pm_cxl_scan *c)
{
	prom_header(f, "pmemctl_cxl_memdev_info", "gauge", "A CXL memory device: its host (value 1).");
	for (size_t i = 0; i < c->nmemdevs; i++) {
		fputs("pmemctl_cxl_memdev_info{", f);
		memdev_labels(f, &c->memdevs[i]);
		prom_label(f, "cxl_host", c->memdevs[i].host, false);
		prom_value(f, 1);
	}
	prom_header(f, "pmemctl_cxl_memdev_poison_list_read", "gauge",
		    "Whether the memdev's poison list was read (1) or not (0: no kernel interface, "
		    "not supported, not root, or failed); without it the memdev has no poison series.");
	for (size_t i = 0; i < c->nmemdevs; i++) {
		fputs("pmemctl_cxl_memdev_poison_list_read{", f);
		memdev_labels(f, &c->memdevs[i]);
		prom_value(f, c->memdevs[i].list == PM_CXL_LIST_READ);
	}
	prom_header(f, "pmemctl_cxl_memdev_poison_list_cut", "gauge",
		    "1 when the memdev's list overflowed or trace events were lost: its poison series count less.");
	for (size_t i = 0; i < c->nmemdevs; i++) {
		const struct pm_cxl_memdev *m = &c->memdevs[i];

		if (m->list != PM_CXL_LIST_READ && m->list != PM_CXL_LIST_LOST)
			continue;
		fputs("pmemctl_cxl_memdev_poison_list_cut{", f);
		memdev_labels(f, m);
		prom_value(f, m->list == PM_CXL_LIST_LOST || (m->flags & PM_CXL_FLAG_OVERFLOW));
	}
}

void pm_print_cxl_prometheus(FILE *f, const struct pm_cxl_scan *c)
{
	static const enum pm_cxl_partition parts[] = { PM_CXL_PART_RAM, PM_CXL_PART_PMEM,
							PM_CXL_PART_UNKNOWN };

	if (!c->nmemdevs)
		return;
	memdev_state(f, c);
	for (int bytes = 0; bytes < 2; bytes++) {
		const char *name = bytes ? "pmemctl_cxl_memdev_poison_bytes" : "pmemctl_cxl_memdev_poison_ranges";

		prom_header(f, name, "gauge", bytes ? "Poisoned bytes the memdev lists, by partition (ram, pmem)." :
						      "Poisoned ranges the memdev lists, by partition (ram, pmem).");
		for (size_t i = 0; i < c->nmemdevs; i++) {
			for (size_t k = 0; c->memdevs[i].list == PM_CXL_LIST_READ && k < 3; k++) {
				uint64_t v = partition_total(c, i, parts[k], bytes);

				if (parts[k] == PM_CXL_PART_UNKNOWN && !v)
					continue;	/* beyond both partitions: only where some is */
				fprintf(f, "%s{", name);
				memdev_labels(f, &c->memdevs[i]);
				prom_label(f, "partition", pm_cxl_partition_name(parts[k]) ?: "unknown", false);
				prom_value(f, v);
			}
		}
	}
}
