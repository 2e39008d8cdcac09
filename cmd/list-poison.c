// SPDX-License-Identifier: GPL-2.0
/* pmemctl list-poison: show the poison model as JSON, a table or a summary. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "lib/poison.h"
#include "util/json.h"
#include "util/table.h"

#define CMD "list-poison"

static const char usage[] =
	"usage: pmemctl list-poison [-b BUS] [-r REGION] [-n NAMESPACE] [-m MODE]\n"
	"                           [-u|--human] [-s|--summary]\n";

struct list_opts {
	struct pm_filter filter;
	bool human, summary;
};

static const struct table_col record_cols[] = {
	{ "region", "REGION", TABLE_TEXT, 0 },
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0 },
	{ "mode", "MODE", TABLE_TEXT, 0 },
	{ "device", "DEVICE", TABLE_TEXT, 0 },
	{ "area", "AREA", TABLE_TEXT, 0 },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "offset", "OFFSET", TABLE_HEX, 1 },
	{ "region_offset", "REGION-OFF", TABLE_HEX, 1 },
	{ "spa", "SPA", TABLE_HEX, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "dimms", "DIMMS", TABLE_LIST, 0 },
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
};

static int parse_args(int argc, char **argv, struct list_opts *o)
{
	static const struct option longopts[] = {
		{ "bus", required_argument, NULL, 'b' },
		{ "region", required_argument, NULL, 'r' },
		{ "namespace", required_argument, NULL, 'n' },
		{ "mode", required_argument, NULL, 'm' },
		{ "human", no_argument, NULL, 'u' },
		{ "summary", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:r:n:m:ush", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->filter.bus = optarg; break;
		case 'r': o->filter.region = optarg; break;
		case 'n': o->filter.namespace = optarg; break;
		case 'm':
			if (pm_mode_parse(optarg, &o->filter.mode)) {
				pm_error(CMD, "unknown mode '%s' (raw, fsdax, devdax or sector)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'u': o->human = true; break;
		case 's': o->summary = true; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return pm_bad_option(CMD, argv, optind, optopt, usage);
		}
	}
	return pm_no_more_args(CMD, argc, argv);
}

/* The one model, as the JSON array that every view is printed from. */
static struct json_object *build_json(const struct pm_scan *s, bool summary)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; arr && summary && i < s->nunits; i++)
		json_object_array_add(arr, pm_unit_to_json(&s->units[i]));
	for (size_t i = 0; arr && !summary && i < s->nrecs; i++)
		json_object_array_add(arr, pm_poison_to_json(s, &s->recs[i]));
	return arr;
}

static void print_notes(const struct pm_scan *s)
{
	if ((s->notes & PM_NOTE_NO_RESOURCE) && s->nrecs)
		pm_note(CMD, "physical addresses are visible to root only: spa, region_offset "
			"and unplaceable ranges are incomplete (run as root for all fields)");
	if (s->notes & PM_NOTE_BAD_RANGE)
		pm_note(CMD, "ignored badblocks entries that lie outside their device");
}

static int print_view(struct json_object *arr, const struct list_opts *o)
{
	if (!o->human)
		return json_print(stdout, arr, true);
	if (o->summary)
		return table_print(stdout, arr, summary_cols,
				   sizeof(summary_cols) / sizeof(summary_cols[0]));
	return table_print(stdout, arr, record_cols, sizeof(record_cols) / sizeof(record_cols[0]));
}

int cmd_list_poison(int argc, char **argv)
{
	struct list_opts o = { .filter.mode = PM_MODE_NONE };
	struct ndctl_ctx *ctx = NULL;
	struct json_object *arr = NULL;
	struct pm_scan s;
	int rc = parse_args(argc, argv, &o);

	if (rc != EXIT_OK)
		return rc;
	rc = pm_ndctl_open(CMD, &ctx);
	if (rc != EXIT_OK)
		return rc;
	rc = pm_scan_poison(ctx, &o.filter, &s);
	if (rc) {
		pm_error(CMD, "%s", s.err);
		rc = rc == -PM_ENOMATCH ? EXIT_NOMATCH : EXIT_FAIL;
		goto out;
	}
	arr = build_json(&s, o.summary);
	if (!arr || print_view(arr, &o)) {
		pm_error(CMD, "cannot write output");
		rc = EXIT_FAIL;
		goto out;
	}
	print_notes(&s);
	rc = EXIT_OK;
out:
	json_object_put(arr);
	pm_scan_free(&s);
	ndctl_unref(ctx);
	return rc;
}
