// SPDX-License-Identifier: GPL-2.0
/* pmemctl list-poison: show the poison model as JSON, a table or a summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/list-cxl.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "cmd/poison-json.h"
#include "cmd/prometheus.h"
#include "cmd/words.h"
#include "lib/owners.h"
#include "lib/poison-files.h"
#include "lib/poison.h"
#include "lib/scrub.h"
#include "util/json.h"
#include "util/table.h"

#define CMD "list-poison"

static const char usage[] =
	"usage: pmemctl list-poison [-b BUS] [-r REGION] [-n NAMESPACE] [-m MODE]\n"
	"                           [--memdev MEMDEV]\n"
	"                           [-u|--human] [-s|--summary] [--files[=METHOD]]\n"
	"                           [--format json|prometheus]\n"
	"                           [-o COLUMNS|--list-columns] [--noheadings] [--raw]\n"
	"                           [--bytes] [-J]\n";

struct list_opts {
	struct pm_filter filter;
	const char *memdev;	/* --memdev: CXL records of this memdev only */
	bool human, summary, files, prometheus;
	enum pm_owner_method method;
};

enum { OPT_FILES = 256, OPT_FORMAT, OPT_MEMDEV };

static const struct table_col record_cols[] = {
	{ "region", "REGION", TABLE_TEXT, 0 },
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0 },
	{ "device", "DEVICE", TABLE_TEXT, 0 },
	{ "area", "AREA", TABLE_TEXT, 0, TABLE_TRUNC },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "offset", "OFFSET", TABLE_HEX, 1 },
	{ "spa", "SPA", TABLE_HEX, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "dimms", "DIMMS", TABLE_LIST, 0, TABLE_WRAP },
	{ "sectors", "SECTORS", TABLE_TEXT, 1, TABLE_EXTRA },
	{ "mode", "MODE", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "region_offset", "REGION-OFF", TABLE_HEX, 1, TABLE_EXTRA },
	{ "source", "SOURCE", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "placed", "PLACED", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "region_sector", "REGION-SECTOR", TABLE_TEXT, 1, TABLE_EXTRA },
	{ "bus", "BUS", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "provider", "PROVIDER", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "system_ram", "SYSTEM-RAM", TABLE_TEXT, 0, TABLE_EXTRA },
	/* CXL records: MEMDEV and DPA are shown by default when there are some */
	{ "memdev", "MEMDEV", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "dpa", "DPA", TABLE_HEX, 1, TABLE_EXTRA },
	{ "kind", "KIND", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "serial", "SERIAL", TABLE_TEXT, 1, TABLE_EXTRA },
	{ "host", "HOST", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "partition", "PARTITION", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "media_source", "MEDIA-SOURCE", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "cxl_region", "CXL-REGION", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "cxl_region_offset", "CXL-REGION-OFF", TABLE_HEX, 1, TABLE_EXTRA },
	{ "overflow", "OVERFLOW", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "scanning", "SCANNING", TABLE_TEXT, 0, TABLE_EXTRA },
};

static const struct table_col file_cols[] = {
	{ "region", "REGION", TABLE_TEXT, 0 },
	{ "device", "DEVICE", TABLE_TEXT, 0 },
	{ "area", "AREA", TABLE_TEXT, 0 },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "mount", "MOUNT", TABLE_TEXT, 0, TABLE_TRUNC },
	{ "files", "OWNERS", TABLE_OWNERS, 0, TABLE_WRAP },
	{ "sectors", "SECTORS", TABLE_TEXT, 1, TABLE_EXTRA },
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "spa", "SPA", TABLE_HEX, 1, TABLE_EXTRA },
};

static const struct table_col summary_cols[] = {
	{ "bus", "BUS", TABLE_TEXT, 0 },
	{ "provider", "PROVIDER", TABLE_TEXT, 0 },
	{ "region", "REGION", TABLE_TEXT, 0 },
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0 },
	{ "mode", "MODE", TABLE_TEXT, 0 },
	{ "device", "DEVICE", TABLE_TEXT, 0 },
	{ "ranges", "RANGES", TABLE_TEXT, 1 },
	{ "bytes", "BYTES", TABLE_SIZE, 1 },
	{ "enabled", "ENABLED", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "memdev", "MEMDEV", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "kind", "KIND", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "serial", "SERIAL", TABLE_TEXT, 1, TABLE_EXTRA },
	{ "host", "HOST", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "poison_list", "POISON-LIST", TABLE_TEXT, 0, TABLE_EXTRA },
};

static const struct opt_spec opt_specs[] = {
	{ 'b', "bus", OPT_NAME, "BUS", "bus", "only this bus (ndbusN or its provider)", NULL },
	{ 'r', "region", OPT_NAME, "REGION", "region", "only this region", NULL },
	{ 'n', "namespace", OPT_NAME, "NAMESPACE", "namespace", "only this namespace (or its device)", NULL },
	{ 'm', "mode", OPT_WORD, "MODE", "raw fsdax devdax sector", "only namespaces in this mode", NULL },
	{ OPT_MEMDEV, "memdev", OPT_NAME, "MEMDEV", "memdev", "only this CXL memory device (memX)", NULL },
	{ 'u', "human", OPT_FLAG, NULL, NULL, "a table instead of JSON", NULL },
	{ 's', "summary", OPT_FLAG, NULL, NULL, "counts per region and namespace", "files" },
	{ OPT_FILES, "files", OPT_CHOICE_OPTIONAL, "METHOD", "auto getfsmap fiemap",
	  "the files the poison hits", NULL },
	{ OPT_FORMAT, "format", OPT_CHOICE, "FORMAT", "json prometheus", "json, or prometheus metrics", NULL },
	OPT_TABLE_SPECS,
	{ 0 },
};

static const struct opt_hint opt_hints[] = {
	{ "-M --media-errors", "list-poison always lists the media errors that 'ndctl list -M' shows" },
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, opt_hints };

static int parse_args(int argc, char **argv, struct list_opts *o)
{
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, &o->human);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 'b': o->filter.bus = p.arg; break;
		case 'r': o->filter.region = p.arg; break;
		case 'n': o->filter.namespace = p.arg; break;
		case 'm':
			if (pm_parse_mode_opt(CMD, p.arg, &o->filter.mode))
				return EXIT_USAGE;
			o->filter.mode_word = p.arg;	/* the no-match line says what was typed */
			break;
		case OPT_MEMDEV: o->memdev = p.arg; break;
		case 'u': o->human = true; break;
		case 's': o->summary = o->filter.skip_dimms = true; break;
		case OPT_FORMAT: o->prometheus = !strcmp(p.arg, "prometheus"); break;
		case OPT_FILES:
			o->files = true;
			pm_parse_files_opt(CMD, p.arg, &o->method);	/* the table checked the name */
			break;
		}
	}
	if (opts_given(&p, "format") && opts_given(&p, "human")) {
		pm_error(CMD, "--format and -u/--human do not combine: -u prints a table "
			 "(ndctl's -u, human-readable numbers in JSON, has no pmemctl spelling)");
		return EXIT_USAGE;
	}
	if (opts_given(&p, "format") && o->human && !o->prometheus) {	/* a table option asked for a table */
		pm_error(CMD, "--format json and the table options (-o, --noheadings, --raw, --bytes, -J) "
			 "do not combine: they shape the table view");
		return EXIT_USAGE;
	}
	if (o->prometheus && (o->files || o->summary || o->human)) {
		pm_error(CMD, "--format prometheus prints counts per region and namespace; "
			 "it does not combine with --files, --summary or a table option");
		return EXIT_USAGE;
	}
	if (opts_done(&p) || opts_no_args(&p))
		return EXIT_USAGE;
	return pm_table_check(CMD, o->summary ? summary_cols : o->files ? file_cols : record_cols,
			      o->summary ? TABLE_NCOLS(summary_cols) : o->files ? TABLE_NCOLS(file_cols) : TABLE_NCOLS(record_cols));
}

static void files_failed(const char *device, const char *err)
{
	pm_error(CMD, "%s: mapping poison to files failed: %s", device, err);
}

/*
 * The one model, as the JSON array that every view is printed from: the nd
 * scan's records (CXL ones in nd regions among them, in region order), then
 * the other CXL records by memdev and DPA. Printed as it is made, or kept
 * for the views that need all of it (@out).
 */
static void build_json(struct json_array_out *out, const struct pm_scan *s, const struct pm_cxl_view *cxl,
		       bool summary, bool files)
{
	struct pm_record_text rec = { 0 };	/* printing: each nd record written as text */

	for (size_t i = 0; summary && !cxl->memdev_only && i < s->nunits; i++)
		json_out_add(out, pm_unit_to_json(&s->units[i]));
	for (size_t i = 0; !summary && i < s->nrecs; i++) {
		const struct pm_poison *p = &s->recs[i];

		if (out->f && p->source != PM_SRC_CXL) {
			pm_poison_to_json_text(&rec, &s->units[p->unit], p);
			json_out_print_text(out, &rec.t);
		} else {
			json_out_add(out, pm_list_cxl_json(cxl, s, i));
		}
	}
	pm_record_text_free(&rec);
	pm_list_cxl_append(out, cxl, summary, files);
}

/* --files: each record's owners, from the model. 0, or -1 if a device's map failed. */
static int add_files(struct json_object *arr, const struct pm_scan *s, enum pm_owner_method method)
{
	struct pm_rec_files *files;
	int rc = pm_scan_files(s, method, files_failed, &files);

	for (size_t i = 0; files && i < s->nrecs; i++) {
		pm_files_add_json(json_object_array_get_idx(arr, i), &files[i]);
		pm_rec_files_free(&files[i]);
	}
	free(files);
	return rc ? -1 : 0;
}

static void print_notes(const struct pm_scan *s)
{
	char words[1024];

	if ((s->notes & PM_NOTE_NO_RESOURCE) && s->nrecs)
		pm_note(CMD, "physical addresses are visible to root only: spa, region_offset, "
			"system_ram and unplaceable ranges are incomplete (run as root for all fields)");
	for (size_t i = 0; i < s->nunits; i++)
		if (pm_enable_blocked_words(s, i, words, sizeof(words)))
			pm_note(CMD, "%s", words);
	if (s->notes & PM_NOTE_UNPLACED)
		pm_note(CMD, "a region lists poison outside its block devices (namespace metadata or "
			"unclaimed space) that cannot be placed without root: its ranges are listed against "
			"the region with area unknown and placed false (some may repeat a block device's "
			"records), and its count is unknown (run as root to place them)");
	if (s->notes & PM_NOTE_BAD_RANGE)
		pm_note(CMD, "ignored badblocks entries that lie outside their device");
	if (s->notes & PM_NOTE_REGION_DISABLED)
		pm_note(CMD, "%s", pm_disabled_note_words(s->disabled, words, sizeof(words)));
	if (s->notes & PM_NOTE_LIST_CUT)
		pm_note(CMD, "%s", pm_list_cut_words(s, words, sizeof(words)));
	if (s->notes & PM_NOTE_NO_REGION_BB)
		pm_note(CMD, "a region has no badblocks attribute (an older kernel?): its poison is listed "
			"from its block devices only, and poison outside them is not seen");
	for (size_t i = 0; i < s->nunits; i++)
		if (s->units[i].namespace && s->units[i].system_ram_bytes)
			pm_note(CMD, "%s", pm_system_ram_words(s->units[i].device, words, sizeof(words)));
}

/* JSON is printed as it is made; a table needs the whole array first. */
static bool prints_as_made(const struct list_opts *o)
{
	return !o->human && !o->files;
}

static int print_view(struct json_array_out *out, const struct list_opts *o, bool cxl)
{
	/* CXL rows name their memdev: its columns join the defaults when there are some */
	if (cxl && !table_shape.output && !o->files)
		table_shape.output = o->summary ? "+MEMDEV" : "+MEMDEV,DPA";
	if (prints_as_made(o))
		return json_out_end(out);
	if (out->failed)
		return -1;
	if (!o->human)
		return json_print(stdout, out->arr, true);
	if (o->summary)
		return table_print(stdout, out->arr, summary_cols, TABLE_NCOLS(summary_cols));
	if (o->files)
		return table_print(stdout, out->arr, file_cols, TABLE_NCOLS(file_cols));
	return table_print(stdout, out->arr, record_cols, TABLE_NCOLS(record_cols));
}

/*
 * The nd scan: an exit code, the error said. With --memdev it only carries
 * the memdev's records that lie in nd namespaces (for --files).
 */
static int scan_nd(struct ndctl_ctx *ctx, const struct list_opts *o, const struct pm_cxl_view *cxl,
		   struct pm_scan *s)
{
	char err[512];
	int rc;

	rc = pm_scan_poison(ctx, &o->filter, s);
	if (rc && o->memdev) {	/* its filters matched no nd device: the memdev's records stand alone */
		pm_scan_free(s);
		return EXIT_OK;
	}
	if (!rc)
		return EXIT_OK;
	/* -r naming a CXL region (a ram one has no nd region) */
	if (rc == -PM_ENOMATCH && s->fail == PM_SCAN_NO_REGION && cxl->c.region_seen) {
		pm_scan_free(s);
		return EXIT_OK;
	}
	pm_error(CMD, "%s", pm_scan_words(&o->filter, s, err, sizeof(err)));
	return rc == -PM_ENOMATCH ? EXIT_NOMATCH : EXIT_FAIL;
}

int cmd_list_poison(int argc, char **argv)
{
	struct list_opts o = { .filter.mode = PM_MODE_NONE };
	struct ndctl_ctx *ctx = NULL;
	struct json_array_out out = { 0 };
	struct pm_cxl_view cxl = { 0 };
	struct pm_scan s = { 0 };
	int rc = parse_args(argc, argv, &o);

	if (rc != EXIT_OK)
		return rc;
	rc = pm_ndctl_open(CMD, &ctx);
	if (rc == EXIT_OK)
		rc = pm_list_cxl_scan(CMD, ctx, &o.filter, o.memdev, &cxl);
	if (rc == EXIT_OK)
		rc = scan_nd(ctx, &o, &cxl, &s);
	if (rc == EXIT_OK)
		rc = pm_list_cxl_merge(CMD, &cxl, &s, o.memdev);
	if (rc != EXIT_OK)
		goto out;
	if (o.prometheus) {
		rc = !o.memdev && pm_print_prometheus(stdout, &s, ctx) ? EXIT_FAIL : EXIT_OK;
		pm_print_cxl_prometheus(stdout, &cxl.c);
		goto notes;
	}
	if (prints_as_made(&o)) {
		/*
		 * Nothing is on stdout yet. Into a file or a pipe, a long listing
		 * goes in 64 KiB writes rather than stdio's 4 KiB ones (a write is
		 * a system call; 850 records made 98 of them).
		 */
		static char outbuf[1 << 16];	/* glibc ignores the size without a buffer */

		if (!isatty(STDOUT_FILENO))
			setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
		json_out_print(&out, stdout);
	} else {
		json_out_keep(&out);
	}
	build_json(&out, &s, &cxl, o.summary, o.files);
	if (!out.failed && o.files && add_files(out.arr, &s, o.method))
		rc = EXIT_FAIL;		/* printed anyway: the failed device says files null */
	if (pm_printed(CMD, print_view(&out, &o, o.summary ? cxl.c.nmemdevs : cxl.c.nrecs))) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (!o.memdev)
		print_notes(&s);	/* the NVDIMM scan's, of no concern to one memdev */
notes:
	pm_list_cxl_notes(CMD, &cxl);
out:
	json_object_put(out.arr);
	pm_scan_free(&s);
	pm_list_cxl_free(&cxl);
	ndctl_unref(ctx);
	return rc;
}
