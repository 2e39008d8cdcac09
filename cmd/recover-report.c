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

/*
 * @w in data offsets (@in_data), or a range of the region outside the data
 * area (namespace metadata), which has no data offset.
 */
static void record(struct job *j, const struct pm_write *w, const char *status, const char *why, bool in_data)
{
	struct json_object *o = json_object_new_object();
	uint64_t bad = pm_bad_bytes_in(j->bad, j->nbad, &w->w);
	const struct pm_ns_view *v = &j->t.view;
	bool skipped = !strcmp(status, "skipped");
	/* a data offset is a region offset where the data area lies linearly in the region: not under a BTT */
	bool at = !in_data || (v->layout_known && !v->layout.btt && !v->layout.data_unknown);
	uint64_t region_offset = in_data ? v->layout.data.start + w->w.start : w->w.start;
	struct ndctl_region *region = ndctl_namespace_get_region(j->t.view.ndns);
	struct ndctl_bus *bus = ndctl_region_get_bus(region);

	json_add_str(o, "bus", ndctl_bus_get_devname(bus));
	json_add_str(o, "provider", ndctl_bus_get_provider(bus));
	json_add_str(o, "region", ndctl_region_get_devname(region));
	json_add_str(o, "namespace", ndctl_namespace_get_devname(j->t.view.ndns));
	json_add_str(o, "device", j->t.view.device);
	json_add_str(o, "mode", pm_mode_name(j->t.view.mode));
	json_add_str(o, "method", skipped ? NULL : method_name(j));
	json_add_str(o, "file", j->file);
	json_add_u64(o, "offset", in_data, w->w.start);
	json_add_u64(o, "sector", in_data, w->w.start / PM_SECTOR);
	json_add_u64(o, "region_offset", at, region_offset);
	json_add_u64(o, "region_sector", at, region_offset / PM_SECTOR);
	json_add_u64(o, "length", true, w->w.len);
	json_add_u64(o, "file_offset", j->file != NULL && !skipped, (uint64_t)((int64_t)w->w.start + w->delta));
	/* a skipped write writes nothing: no byte replaced, none kept */
	json_add_u64(o, "replaced", true, skipped ? 0 : w->done ? w->r.replaced : bad);
	json_add_u64(o, "kept", true, skipped ? 0 : w->done ? w->r.preserved : w->w.len - bad);
	json_add_str(o, "replacement", j->image ? "image" : "zeros");
	json_add_str(o, "status", status);
	json_add_str(o, "reason", why);
	json_add_elem(j->out, o);
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
	struct json_object *o = json_object_new_object();

	json_add_str(o, "bus", u->bus);
	json_add_str(o, "provider", u->provider);
	json_add_str(o, "region", u->region);
	json_add_str(o, "namespace", NULL);
	json_add_str(o, "device", NULL);
	json_add_str(o, "mode", NULL);
	json_add_str(o, "method", NULL);
	json_add_str(o, "file", NULL);
	json_add_u64(o, "offset", false, 0);
	json_add_u64(o, "sector", false, 0);
	json_add_u64(o, "region_offset", p->has_region_offset, p->region_offset);
	json_add_u64(o, "region_sector", p->has_region_offset, p->region_offset / PM_SECTOR);
	json_add_u64(o, "length", true, p->length);
	json_add_u64(o, "file_offset", false, 0);
	json_add_u64(o, "replaced", true, 0);
	json_add_u64(o, "kept", true, 0);
	json_add_str(o, "replacement", j->image ? "image" : "zeros");
	json_add_str(o, "status", "skipped");
	json_add_str(o, "reason", why);
	json_add_elem(j->out, o);
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
