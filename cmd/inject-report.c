// SPDX-License-Identifier: GPL-2.0
/* pmemctl inject's report: what was asked and done, or the injections in force, as list-poison records. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/inject.h"
#include "cmd/output.h"
#include "cmd/poison-json.h"
#include "lib/inject.h"
#include "lib/poison.h"
#include "util/json.h"
#include "util/table.h"

static const struct table_col cols[] = {
	{ "action", "ACTION", TABLE_TEXT, 0 },
	{ "done", "DONE", TABLE_TEXT, 0 },
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0 },
	{ "device", "DEVICE", TABLE_TEXT, 0 },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "sectors", "SECTORS", TABLE_TEXT, 1 },
	{ "spa", "SPA", TABLE_HEX, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
};

int inject_table_check(void)
{
	return pm_table_check(CMD, cols, TABLE_NCOLS(cols));
}

/*
 * Add @ranges of @t's namespace to @arr as list-poison records; with
 * @action, each also says what was asked and whether it was done.
 */
static int add_records(struct json_object *arr, const struct pm_target *t,
		       const struct pm_range *ranges, size_t n, const char *action, bool done)
{
	struct pm_scan s;
	int rc = pm_scan_ranges(t->region, &t->view, ranges, n, PM_SRC_INJECTED, &s);

	for (size_t i = 0; !rc && i < s.nrecs; i++) {
		struct json_object *o = pm_poison_to_json(&s.units[s.recs[i].unit], &s.recs[i]);

		if (!o) {
			rc = -ENOMEM;
			break;
		}
		if (action) {
			json_add_str(o, "action", action);
			json_add_bool(o, "done", done);
		}
		json_add_elem(arr, o);
	}
	pm_scan_free(&s);
	return rc;
}

static int print_records(struct json_object *arr, bool human, bool with_action)
{
	if (!human)
		return json_print(stdout, arr, true);
	return table_print(stdout, arr, with_action ? cols : cols + 2,
			   sizeof(cols) / sizeof(cols[0]) - (with_action ? 0 : 2));
}

/* For each target, blocks [block, +done[i]) done and the rest not: the report of a run. */
int inject_report(const struct pm_target *t, size_t n, const uint64_t *done, const struct inject_opts *o)
{
	const char *action = o->dry_run ? "dry-run" : o->uninject ? "uninject" : "inject";
	struct json_object *arr = json_object_new_array();
	int rc = arr ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < n; i++) {
		struct pm_range did = { t[i].block * PM_SECTOR, done[i] * PM_SECTOR };
		struct pm_range left = { (t[i].block + done[i]) * PM_SECTOR, (t[i].count - done[i]) * PM_SECTOR };

		if (done[i])
			rc = add_records(arr, &t[i], &did, 1, action, true);
		if (!rc && done[i] < t[i].count)
			rc = add_records(arr, &t[i], &left, 1, action, false);
	}
	if (!rc)
		rc = print_records(arr, o->human, true);
	json_object_put(arr);
	return rc;
}

int inject_show_status(const struct pm_target *t, const struct inject_opts *o)
{
	struct json_object *arr = json_object_new_array();
	struct pm_range *ranges;
	size_t n;
	int rc = pm_injection_status(t->view.ndns, &ranges, &n);

	if (rc) {
		pm_error(CMD, "%s: reading the injection status failed: %s",
			 ndctl_namespace_get_devname(t->view.ndns), strerror(-rc));
		json_object_put(arr);
		return EXIT_FAIL;
	}
	rc = add_records(arr, t, ranges, n, NULL, false);
	rc = pm_printed(CMD, rc ? rc : print_records(arr, o->human, false));
	free(ranges);
	json_object_put(arr);
	return rc ? EXIT_FAIL : EXIT_OK;
}

