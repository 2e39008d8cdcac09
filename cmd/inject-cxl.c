// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl inject on CXL memory, for test labs: poison (or clear) 64-byte
 * lines through the kernel's debugfs test interfaces, named by memdev and
 * DPA, by CXL region offset or by SPA (translated in user space through the
 * region's modulo interleave). The same rails as NVDIMM injection: dry run,
 * refusal where a region maps the DPA unless forced, a lock, an audit line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/inject.h"
#include "cmd/output.h"
#include "cmd/poison-json.h"
#include "lib/cxl-inject.h"
#include "lib/cxl.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/lock.h"
#include "util/strings.h"
#include "util/table.h"

#define SYSFS "/sys"
#define DEBUGFS "/sys/kernel/debug"

static const struct table_col cols[] = {
	{ "action", "ACTION", TABLE_TEXT, 0 },
	{ "done", "DONE", TABLE_TEXT, 0 },
	{ "memdev", "MEMDEV", TABLE_TEXT, 0 },
	{ "dpa", "DPA", TABLE_HEX, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "cxl_region", "CXL-REGION", TABLE_TEXT, 0 },
	{ "spa", "SPA", TABLE_HEX, 1 },
	{ "device", "DEVICE", TABLE_TEXT, 0 },
};

bool inject_cxl_wanted(const struct inject_opts *o)
{
	char region[32];
	uint64_t off;

	if (o->cxl_memdev || o->has_dpa || o->cxl_region || o->has_region_offset)
		return true;
	return o->spec.has_spa && !o->spec.namespace && pm_cxl_region_at(SYSFS, o->spec.spa, region, sizeof(region), &off);
}

static int usage_error(const char *msg)
{
	pm_error(CMD, "%s (see 'pmemctl inject -h')", msg);
	return EXIT_USAGE;
}

int inject_cxl_check(const struct inject_opts *o)
{
	int ways = !!(o->cxl_memdev || o->has_dpa) + !!(o->cxl_region || o->has_region_offset) + !!o->spec.has_spa;

	if (ways != 1)
		return usage_error("CXL: give --memdev with --dpa, --cxl-region with --region-offset, or --spa");
	if ((o->cxl_memdev && !o->has_dpa) || (!o->cxl_memdev && o->has_dpa))
		return usage_error("--memdev and --dpa go together");
	if ((o->cxl_region && !o->has_region_offset) || (!o->cxl_region && o->has_region_offset))
		return usage_error("--cxl-region and --region-offset go together");
	if (o->spec.namespace || o->spec.has_block || o->spec.count != 1 || o->file || o->has_offset ||
	    o->status || o->saturate || o->no_notify)
		return usage_error("CXL injection takes no -n, -B, -c, --file, --offset, --status, -S or -N");
	if ((o->has_dpa ? o->dpa : o->has_region_offset ? o->region_offset : o->spec.spa) % PM_CXL_LINE ||
	    (o->has_length && (o->length == 0 || o->length % PM_CXL_LINE)))
		return usage_error("CXL poison goes by 64-byte lines: the address and --length are multiples of 64");
	return EXIT_OK;
}

/* Each 64-byte line of the request, as memdev and DPA: an exit code, the error said. */
static int resolve(const struct inject_opts *o, struct pm_cxl_where *w, size_t n)
{
	char region[32];
	uint64_t off = o->region_offset;

	if (o->spec.has_spa && !pm_cxl_region_at(SYSFS, o->spec.spa, region, sizeof(region), &off)) {
		pm_error(CMD, "no committed CXL region holds SPA 0x%" PRIx64, (uint64_t)o->spec.spa);
		return EXIT_NOMATCH;
	}
	for (size_t i = 0; i < n; i++) {
		enum pm_cxl_xlate x = PM_CXL_XLATE_OK;

		if (o->cxl_memdev) {
			memset(&w[i], 0, sizeof(w[i]));
			str_copy(w[i].memdev, sizeof(w[i].memdev), o->cxl_memdev);
			w[i].dpa = o->dpa + i * PM_CXL_LINE;
			pm_cxl_dpa_to_region(SYSFS, &w[i]);
		} else {
			x = pm_cxl_region_to_dpa(SYSFS, o->spec.has_spa ? region : o->cxl_region,
						 off + i * PM_CXL_LINE, &w[i]);
		}
		if (x == PM_CXL_XLATE_NO_REGION) {
			pm_error(CMD, "no committed CXL region '%s'", o->cxl_region);
			return EXIT_NOMATCH;
		}
		if (x == PM_CXL_XLATE_OUTSIDE)
			return usage_error("the range runs past the end of the CXL region");
		if (x == PM_CXL_XLATE_HOST_BRIDGES) {
			pm_error(CMD, "the region interleaves host bridges, by modulo or XOR arithmetic, and "
				 "sysfs does not say which: give --memdev and --dpa");
			return EXIT_REFUSED;
		}
		if (x == PM_CXL_XLATE_NO_TARGET) {
			pm_error(CMD, "cannot read the region's target decoders");
			return EXIT_FAIL;
		}
	}
	return EXIT_OK;
}

/* The memdevs exist, can inject, hold the DPAs; no region maps them unless forced. */
static int check_safe(const struct inject_opts *o, const struct pm_cxl_where *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pm_cxl_memdev m;

		if (!pm_cxl_memdev_exists(SYSFS, w[i].memdev) || pm_cxl_memdev_read(SYSFS, w[i].memdev, &m)) {
			pm_error(CMD, "no CXL memory device '%s' (see /sys/bus/cxl/devices)", w[i].memdev);
			return EXIT_NOMATCH;
		}
		if (pm_cxl_partition_of(&m, w[i].dpa) == PM_CXL_PART_UNKNOWN)
			return usage_error("the DPA is beyond the memdev's ram and pmem partitions");
		if (!pm_cxl_inject_supported(DEBUGFS, w[i].memdev)) {
			pm_error(CMD, "%s: no debugfs cxl/%s/inject_poison and clear_poison (a kernel before 6.4, "
				 "debugfs not mounted, or a device without poison injection)", w[i].memdev, w[i].memdev);
			return EXIT_REFUSED;
		}
		if (w[i].region[0] && !o->force && !o->uninject) {
			pm_error(CMD, "%s maps %s DPA 0x%" PRIx64 ": what uses it (a namespace, a dax device, "
				 "system RAM) may read the poison; --force to inject anyway", w[i].region,
				 w[i].memdev, w[i].dpa);
			return EXIT_REFUSED;
		}
	}
	return EXIT_OK;
}

static int act(const struct inject_opts *o, const struct pm_cxl_where *w, size_t n, size_t *done)
{
	int lock, rc = 0;

	lock = lock_take("cxl", NULL);
	if (lock < 0) {
		pm_error(CMD, "cannot take the CXL lock: %s", strerror(-lock));
		return EXIT_FAIL;
	}
	for (*done = 0; !rc && *done < n; (*done)++) {
		rc = pm_cxl_poison_line(DEBUGFS, w[*done].memdev, w[*done].dpa, o->uninject);
		audit(CMD, "cxl-%s memdev=%s dpa=0x%" PRIx64 " length=64 result=%s",
		      o->uninject ? "clear" : "inject", w[*done].memdev, w[*done].dpa, rc ? strerror(-rc) : "ok");
		if (rc)
			break;
	}
	lock_release(lock);
	if (rc) {
		pm_error(CMD, "%s: %s DPA 0x%" PRIx64 " failed: %s", w[*done].memdev,
			 o->uninject ? "clearing" : "injecting", w[*done].dpa, strerror(-rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Consecutive lines of one memdev and one region as one record. */
static bool joins(const struct pm_cxl_where *a, const struct pm_cxl_where *b, uint64_t len)
{
	return !strcmp(a->memdev, b->memdev) && a->dpa + len == b->dpa && !strcmp(a->region, b->region);
}

static int report(const struct inject_opts *o, const struct pm_cxl_where *w, size_t n, size_t done)
{
	struct json_object *arr = json_object_new_array();
	struct ndctl_ctx *ctx = NULL;
	const char *action = o->dry_run ? "dry-run" : o->uninject ? "clear" : "inject";
	int rc;

	if (ndctl_new(&ctx))
		ctx = NULL;
	for (size_t i = 0; arr && i < n; ) {
		struct pm_cxl_memdev m;
		struct pm_cxl_rec r = { .source = PM_CXL_SRC_INJECTED, .dpa = w[i].dpa, .length = PM_CXL_LINE };
		struct pm_cxl_scan s = { .memdevs = &m, .nmemdevs = 1, .recs = &r, .nrecs = 1, .cap_recs = 1 };
		bool ok = i < done;
		struct json_object *rec;

		while (i + 1 < n && (i + 1 < done) == ok && joins(&w[i], &w[i + 1], PM_CXL_LINE))
			r.length += PM_CXL_LINE, i++;
		pm_cxl_memdev_read(SYSFS, w[i].memdev, &m);
		m.list = PM_CXL_LIST_READ;
		r.partition = pm_cxl_partition_of(&m, r.dpa);
		if (w[i].region[0]) {
			str_copy(r.region, sizeof(r.region), w[i].region);
			r.has_spa = true;
			r.spa = w[i].spa - (r.length - PM_CXL_LINE);
			r.region_offset = w[i].region_offset - (r.length - PM_CXL_LINE);
		}
		pm_cxl_place(&s, 0, ctx, SYSFS);	/* one record: a split piece would not fit */
		rec = pm_cxl_rec_to_json(&s, &r);
		json_add_str(rec, "action", action);
		json_add_bool(rec, "done", ok);
		json_add_elem(arr, rec);
		i++;
	}
	ndctl_unref(ctx);
	if (!arr)
		rc = -ENOMEM;
	else
		rc = o->human ? table_print(stdout, arr, cols, TABLE_NCOLS(cols)) : json_print(stdout, arr, true);
	json_object_put(arr);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int inject_cxl(const struct inject_opts *o)
{
	size_t n = (o->has_length ? o->length : PM_CXL_LINE) / PM_CXL_LINE, done = 0;
	struct pm_cxl_where *w;
	int rc = pm_table_check(CMD, cols, TABLE_NCOLS(cols));

	if (rc != EXIT_OK)
		return rc;
	if (n > 1 << 20)
		return usage_error("--length: at most 64 MiB of 64-byte lines at a time");
	w = calloc(n, sizeof(*w));
	if (!w)
		return EXIT_FAIL;
	rc = resolve(o, w, n);
	if (rc == EXIT_OK)
		rc = check_safe(o, w, n);
	if (rc == EXIT_OK && !o->dry_run)
		rc = act(o, w, n, &done);
	if (rc == EXIT_OK || done) {
		int prc = report(o, w, n, done);

		rc = rc == EXIT_OK ? prc : rc;
	}
	if (rc == EXIT_OK && o->uninject && !o->quiet)
		pm_note(CMD, "clear_poison wrote zeros to each cleared 64-byte line: its data is gone");
	free(w);
	return rc;
}
