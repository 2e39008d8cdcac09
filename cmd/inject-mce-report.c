// SPDX-License-Identifier: GPL-2.0
/* inject --machine-check/--memory-failure's report: what was written where, and what the kernel did. */
#include <errno.h>
#include <stdio.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/inject-mce.h"
#include "cmd/output.h"
#include "util/json.h"
#include "util/table.h"

static const struct table_col cols[] = {
	{ "action", "ACTION", TABLE_TEXT, 0, 0 },
	{ "delivery", "DELIVERY", TABLE_TEXT, 0, 0 },
	{ "done", "DONE", TABLE_TEXT, 0, 0 },
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0, 0 },
	{ "device", "DEVICE", TABLE_TEXT, 0, 0 },
	{ "spa", "SPA", TABLE_HEX, 1, 0 },
	{ "granularity", "GRANULARITY", TABLE_SIZE, 1, 0 },
	{ "badrange_as_expected", "BADRANGE", TABLE_TEXT, 0, 0 },
	{ "memory_failure", "MEMORY-FAILURE", TABLE_TEXT, 0, 0 },
	{ "filesystem_shutdown", "FS-SHUTDOWN", TABLE_TEXT, 0, 0 },
};

int inject_consume_table_check(void)
{
	return pm_table_check(CMD, cols, TABLE_NCOLS(cols));
}

static struct json_object *range_json(const struct pm_target *t, const struct pm_bb_entry *e)
{
	struct json_object *o = json_object_new_object();

	json_add_u64(o, "region_sector", true, e->sector);
	json_add_u64(o, "sectors", true, e->count);
	json_add_u64(o, "spa", true, t->view.region_res + e->sector * PM_SECTOR);
	json_add_u64(o, "length", true, e->count * PM_SECTOR);
	return o;
}

static struct json_object *writes_json(const struct pm_mce_plan *p)
{
	struct json_object *a = json_object_new_array();
	char path[256];

	for (size_t i = 0; i < p->nw; i++) {
		struct json_object *w = json_object_new_object();

		json_add_str(w, "file", pm_mce_path(p, &p->w[i], path, sizeof(path)));
		json_add_str(w, "value", p->w[i].value);
		json_add_bool(w, "restored", p->w[i].restore);
		json_add_elem(a, w);
	}
	return a;
}

/* Processes the kernel said it signalled: memory_failure() without MF_ACTION_REQUIRED sends AO. */
static struct json_object *signals_json(const struct pm_memfail *m)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < m->nsig; i++) {
		struct json_object *s = json_object_new_object();

		json_add_u64(s, "pid", true, (uint64_t)m->sig[i].pid);
		json_add_str(s, "comm", m->sig[i].comm);
		json_add_str(s, "signal", m->sig[i].killed ? "SIGKILL" : "SIGBUS");
		json_add_str(s, "si_code", m->sig[i].killed ? NULL : "BUS_MCEERR_AO");
		json_add_elem(a, s);
	}
	return a;
}

static void add_badrange(struct json_object *o, const struct pm_target *t, const struct consume_run *r, bool ran)
{
	struct json_object *added = ran ? json_object_new_array() : NULL;

	/* memory_failure() marks the page, not the media: the badblocks lists do not change */
	if (r->kind == PM_CONSUME_MEMORY_FAILURE)
		json_add_obj(o, "badrange_expected", NULL);
	else
		json_add_made(o, "badrange_expected", range_json(t, &r->expect));
	for (size_t i = 0; added && i < r->nadded; i++)
		json_add_elem(added, range_json(t, &r->added[i]));
	json_add_known(o, "badranges_added", ran, added);
	json_add_known_bool(o, "badrange_as_expected", ran && r->kind != PM_CONSUME_MEMORY_FAILURE, r->bb_seen);
}

static void add_kernel(struct json_object *o, const struct consume_run *r, bool ran)
{
	bool known = ran && r->log_read, result = ran && (r->log_read || r->trace_read);

	json_add_u64(o, "pfn", true, r->mf.pfn);
	json_add_str(o, "memory_failure", result ? pm_mf_result_name(r->mf.result) : NULL);
	json_add_str(o, "page_type", result && r->mf.page_type[0] ? r->mf.page_type : NULL);
	json_add_known(o, "signalled", known, known ? signals_json(&r->mf) : NULL);
	json_add_known_bool(o, "signalled_cut", known, r->mf.sig_cut);
	json_add_known_bool(o, "filesystem_shutdown", known, r->mf.fs_shutdown);
}

static struct json_object *record(const struct pm_target *t, const struct consume_run *r, const struct inject_opts *o)
{
	struct json_object *j = json_object_new_object();
	bool ran = r->done && !o->dry_run, mce = r->kind != PM_CONSUME_MEMORY_FAILURE;

	json_add_str(j, "action", o->dry_run ? "dry-run" : mce ? "machine-check" : "memory-failure");
	json_add_str(j, "delivery", pm_consume_kind_name(r->kind));	/* mode is a namespace's */
	json_add_bool(j, "done", ran);
	json_add_str(j, "platform", pm_platform_name(r->platform));
	json_add_str(j, "cpu_vendor", pm_cpu_vendor_name(r->vendor));
	json_add_str(j, "bus", ndctl_bus_get_devname(t->bus));
	json_add_str(j, "region", ndctl_region_get_devname(t->region));
	json_add_str(j, "namespace", ndctl_namespace_get_devname(t->view.ndns));
	json_add_str(j, "device", t->view.device);
	json_add_u64(j, "spa", true, r->spa);
	json_add_u64(j, "sector", true, (r->spa - t->view.region_res - t->view.layout.data.start) / PM_SECTOR);
	json_add_u64(j, "granularity", mce, 1ULL << r->plan.lsb);
	json_add_u64(j, "misc_lsb", mce, r->plan.lsb);
	json_add_str(j, "mce_flags", r->plan.flags);
	json_add_made(j, "writes", writes_json(&r->plan));
	add_badrange(j, t, r, ran);
	add_kernel(j, r, ran);
	return j;
}

int inject_consume_report(const struct pm_target *t, const struct consume_run *r, const struct inject_opts *o)
{
	struct json_object *arr = json_object_new_array();
	int rc;

	if (!arr)
		return -ENOMEM;
	json_add_elem(arr, record(t, r, o));
	rc = o->human ? table_print(stdout, arr, cols, TABLE_NCOLS(cols)) : json_print(stdout, arr, true);
	json_object_put(arr);
	return rc;
}
