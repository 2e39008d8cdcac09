// SPDX-License-Identifier: GPL-2.0
/* pmemctl recover's report: one record per write, planned, made or skipped, and its table. */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/recover.h"
#include "lib/plan.h"
#include "lib/poison.h"
#include "lib/recover-plan.h"
#include "util/json.h"
#include "util/table.h"

static const char *method_name(const struct job *j)
{
	return j->file ? "file-pwrite" : recover_is_devdax(j) ? "clear-and-store" : "block-write";
}

/* One record's values; put() is the one place that lists the keys, in the schema's order. */
struct rec {
	const char *bus, *provider, *region, *namespace, *device, *mode, *method, *file;
	bool has_offset, has_region_offset, has_file_offset;
	uint64_t offset, region_offset, length, file_offset, replaced, kept;
	const char *status, *why;
};

static void put(struct job *j, const struct rec *r)
{
	struct json_object *o = json_object_new_object();

	json_add_str(o, "bus", r->bus);
	json_add_str(o, "provider", r->provider);
	json_add_str(o, "region", r->region);
	json_add_str(o, "namespace", r->namespace);
	json_add_str(o, "device", r->device);
	json_add_str(o, "mode", r->mode);
	json_add_str(o, "method", r->method);
	json_add_str(o, "file", r->file);
	json_add_u64(o, "offset", r->has_offset, r->offset);
	json_add_u64(o, "sector", r->has_offset, r->offset / PM_SECTOR);
	json_add_u64(o, "region_offset", r->has_region_offset, r->region_offset);
	json_add_u64(o, "region_sector", r->has_region_offset, r->region_offset / PM_SECTOR);
	json_add_u64(o, "length", true, r->length);
	json_add_u64(o, "file_offset", r->has_file_offset, r->file_offset);
	json_add_u64(o, "replaced", true, r->replaced);
	json_add_u64(o, "kept", true, r->kept);
	json_add_str(o, "replacement", j->image ? "image" : "zeros");
	json_add_str(o, "status", r->status);
	json_add_str(o, "reason", r->why);
	json_add_elem(j->out, o);
}

/*
 * @w in data offsets (@in_data), or a range of the region outside the data
 * area (namespace metadata), which has no data offset.
 */
static void record(struct job *j, const struct pm_write *w, const char *status, const char *why, bool in_data)
{
	const struct pm_ns_view *v = &j->t.view;
	struct ndctl_region *region = ndctl_namespace_get_region(v->ndns);
	struct ndctl_bus *bus = ndctl_region_get_bus(region);
	uint64_t bad = pm_bad_bytes_in(j->bad, j->nbad, &w->w);
	bool skipped = !strcmp(status, "skipped");
	struct rec r = {
		.bus = ndctl_bus_get_devname(bus), .provider = ndctl_bus_get_provider(bus),
		.region = ndctl_region_get_devname(region), .namespace = ndctl_namespace_get_devname(v->ndns),
		.device = v->device, .mode = pm_mode_name(v->mode), .method = skipped ? NULL : method_name(j),
		.file = j->file, .has_offset = in_data, .offset = w->w.start,
		/* a data offset is a region offset where the data area lies linearly in the region: not under a BTT */
		.has_region_offset = !in_data || (v->layout_known && !v->layout.btt && !v->layout.data_unknown),
		.region_offset = in_data ? v->layout.data.start + w->w.start : w->w.start, .length = w->w.len,
		.has_file_offset = j->file != NULL && !skipped, .file_offset = (uint64_t)((int64_t)w->w.start + w->delta),
		/* a skipped write writes nothing: no byte replaced, none kept */
		.replaced = skipped ? 0 : w->done ? w->r.replaced : bad,
		.kept = skipped ? 0 : w->done ? w->r.preserved : w->w.len - bad,
		.status = status, .why = why,
	};

	put(j, &r);
}

void recover_record(struct job *j, const struct pm_write *w, const char *status, const char *why)
{
	record(j, w, status, why, true);
}

void recover_record_outside(struct job *j, const struct pm_range *r, const char *why)
{
	const struct pm_write w = { .w = *r };

	record(j, &w, "skipped", why, false);
}

void recover_record_unclaimed(struct job *j, const struct pm_unit *u, const struct pm_poison *p, const char *why)
{
	const struct rec r = { .bus = u->bus, .provider = u->provider, .region = u->region,
			       .has_region_offset = p->has_region_offset, .region_offset = p->region_offset, .length = p->length,
			       .status = "skipped", .why = why };

	put(j, &r);
}

static const struct table_col cols[] = {
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0 },
	{ "method", "METHOD", TABLE_TEXT, 0 },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "file_offset", "FILE-OFF", TABLE_TEXT, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "kept", "KEPT", TABLE_SIZE, 1 },
	{ "status", "STATUS", TABLE_TEXT, 0 },
	{ "reason", "REASON", TABLE_TEXT, 0, TABLE_WRAP },
	{ "replaced", "REPLACED", TABLE_SIZE, 1, TABLE_EXTRA },
	{ "replacement", "REPLACEMENT", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "offset", "OFFSET", TABLE_HEX, 1, TABLE_EXTRA },
	{ "region_offset", "REGION-OFF", TABLE_HEX, 1, TABLE_EXTRA },
};

int recover_table_check(void)
{
	return pm_table_check(CMD, cols, TABLE_NCOLS(cols));
}

int recover_print(const struct job *j, bool human)
{
	return human ? table_print(stdout, j->out, cols, sizeof(cols) / sizeof(cols[0]))
		     : json_print(stdout, j->out, true);
}
