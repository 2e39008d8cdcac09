// SPDX-License-Identifier: GPL-2.0
/*
 * JSON views of CXL poison (lib/cxl.h): records and summary rows that sit
 * in list-poison's arrays next to the NVDIMM ones. A key that both kinds
 * have means the same thing: device is what a user opens, spa a system
 * physical address, region/namespace/bus the nd side (a pmem region's nd
 * region); the CXL side has its own keys (memdev, dpa, cxl_region).
 */
#include <json-c/json.h>

#include "cmd/poison-json.h"
#include "util/json.h"

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static void add_memdev_fields(struct json_object *o, const struct pm_cxl_memdev *m)
{
	json_add_str(o, "kind", "cxl");
	json_add_str(o, "memdev", m->name);
	json_add_u64(o, "serial", true, m->serial);
	json_add_str(o, "host", nonempty(m->host));
}

/* Whether the record's list is all of it: the device's overflow or a lost trace event cut it. */
static const char *record_list(const struct pm_cxl_memdev *m)
{
	if (m->list == PM_CXL_LIST_READ && !(m->flags & PM_CXL_FLAG_OVERFLOW))
		return "whole";
	return m->list == PM_CXL_LIST_READ || m->list == PM_CXL_LIST_LOST ? "cut" : pm_cxl_list_name(m->list);
}

/* The nd side of a pmem region's record, named as NVDIMM records name it. */
static void add_nd_fields(struct json_object *o, const struct pm_cxl_rec *r)
{
	bool nd = r->use == PM_CXL_USE_ND, ns = nd && r->namespace[0];

	json_add_str(o, "bus", nd ? r->bus : NULL);
	json_add_str(o, "provider", nd ? r->provider : NULL);
	json_add_str(o, "region", nd ? r->nd_region : NULL);
	json_add_str(o, "namespace", ns ? r->namespace : NULL);
	json_add_str(o, "mode", ns ? pm_mode_name(r->mode) : NULL);
	json_add_str(o, "device", r->use != PM_CXL_USE_NONE ? nonempty(r->device) : NULL);
	json_add_str(o, "area", r->has_spa ? pm_area_name(r->area) : NULL);
	json_add_u64(o, "offset", r->has_data_offset, r->data_offset);
	json_add_u64(o, "sector", r->has_data_offset, r->data_offset / PM_SECTOR);
	json_add_u64(o, "region_offset", nd && r->has_nd_offset, r->nd_offset);
	json_add_u64(o, "region_sector", nd && r->has_nd_offset, r->nd_offset / PM_SECTOR);
}

struct json_object *pm_cxl_rec_to_json(const struct pm_cxl_scan *s, const struct pm_cxl_rec *r)
{
	const struct pm_cxl_memdev *m = &s->memdevs[r->memdev];
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	add_memdev_fields(o, m);
	json_add_str(o, "partition", pm_cxl_partition_name(r->partition));
	json_add_u64(o, "dpa", true, r->dpa);
	json_add_u64(o, "length", true, r->length);
	json_add_u64(o, "sectors", true, r->length / PM_SECTOR);
	json_add_str(o, "source", "memdev");
	json_add_str(o, "media_source", pm_cxl_source_name(r->source));
	json_add_bool(o, "overflow", r->flags & PM_CXL_FLAG_OVERFLOW);
	json_add_bool(o, "scanning", r->flags & PM_CXL_FLAG_SCANNING);
	json_add_str(o, "cxl_region", nonempty(r->region));
	json_add_u64(o, "cxl_region_offset", r->has_spa, r->region_offset);
	json_add_u64(o, "spa", r->has_spa, r->spa);
	add_nd_fields(o, r);
	json_add_str(o, "poison_list", record_list(m));
	json_add_known_bool(o, "system_ram", r->system_ram != PM_SYSRAM_UNKNOWN, r->system_ram == PM_SYSRAM_YES);
	return o;
}

struct json_object *pm_cxl_memdev_to_json(const struct pm_cxl_memdev *m)
{
	struct json_object *o = json_object_new_object();
	bool known = m->list == PM_CXL_LIST_READ;

	if (!o)
		return NULL;
	add_memdev_fields(o, m);
	json_add_u64(o, "ram_size", true, m->ram_size);
	json_add_u64(o, "pmem_size", true, m->pmem_size);
	/* a list not read is unknown poison, never 0 */
	json_add_u64(o, "ranges", known, m->ranges);
	json_add_u64(o, "bytes", known, m->bytes);
	json_add_bool(o, "overflow", m->flags & PM_CXL_FLAG_OVERFLOW);
	json_add_bool(o, "scanning", m->flags & PM_CXL_FLAG_SCANNING);
	json_add_str(o, "poison_list", record_list(m));
	return o;
}
