// SPDX-License-Identifier: GPL-2.0
/* pmemctl scrub: start Address Range Scrub, wait for it, or show its state. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/options.h"
#include "lib/namespace.h"
#include "lib/scrub.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/progress.h"
#include "util/table.h"

#define CMD "scrub"

static const char usage[] =
	"usage: pmemctl scrub [-b BUS] [--start] [--wait] [--timeout SECONDS] [-q] [-u]\n"
	"       pmemctl scrub --status [-b BUS] [-u]\n"
	"                     [-o COLUMNS|--list-columns] [--noheadings] [--raw] [-J]\n"
	"Without --start, --wait or --status: start a scrub and wait for it.\n";

struct scrub_opts {
	const char *bus;
	bool start, wait, status, quiet, human;
	unsigned long long timeout;
};

enum { OPT_START = 256, OPT_WAIT, OPT_STATUS, OPT_TIMEOUT };

static const struct opt_spec opt_specs[] = {
	{ 'b', "bus", OPT_NAME, "BUS", "bus", "only this bus (ndbusN or its provider)", NULL },
	{ OPT_START, "start", OPT_FLAG, NULL, NULL, "start a scrub", "status" },
	{ OPT_WAIT, "wait", OPT_FLAG, NULL, NULL, "wait for the running scrub", "status" },
	{ OPT_STATUS, "status", OPT_FLAG, NULL, NULL, "show the scrub state only", NULL },
	{ OPT_TIMEOUT, "timeout", OPT_SECONDS, "SECONDS", NULL, "wait at most this long (0: forever)", NULL },
	{ 'q', "quiet", OPT_FLAG, NULL, NULL, "no progress line", NULL },
	OPT_HUMAN_SPEC,
	OPT_TABLE_SPECS,
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, NULL,
	"name the bus with -b BUS (ndctl start-scrub and wait-scrub take it as an argument)" };

static int parse_args(int argc, char **argv, struct scrub_opts *o)
{
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, &o->human);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 'b': o->bus = p.arg; break;
		case OPT_START: o->start = true; break;
		case OPT_WAIT: o->wait = true; break;
		case OPT_STATUS: o->status = true; break;
		case OPT_TIMEOUT: o->timeout = p.num; break;
		case 'q': o->quiet = true; break;
		case 'u': o->human = true; break;
		}
	}
	if (opts_done(&p) || opts_no_args(&p))
		return EXIT_USAGE;
	if (!o->status && !o->start && !o->wait)
		o->start = o->wait = true;
	return EXIT_OK;
}

#define MAX_BUSES 64

/* The buses to act on: the one named, or every bus that can scrub. */
static int select_buses(struct ndctl_ctx *ctx, const char *want, struct ndctl_bus **v, size_t *n)
{
	struct ndctl_bus *bus;

	*n = 0;
	ndctl_bus_foreach(ctx, bus) {
		bool named = want && pm_bus_matches(bus, want);

		if (want && !named)
			continue;
		if (!pm_scrub_supported(bus)) {
			if (!named)
				continue;
			pm_error(CMD, "%s (%s) does not support Address Range Scrub",
				 ndctl_bus_get_devname(bus), ndctl_bus_get_provider(bus));
			return EXIT_REFUSED;
		}
		if (*n < MAX_BUSES)
			v[(*n)++] = bus;
	}
	if (want && *n == 0) {
		pm_error(CMD, "no bus matches --bus '%s'", want);
		return EXIT_NOMATCH;
	}
	qsort(v, *n, sizeof(*v), pm_bus_cmp);	/* NOLINT(bugprone-sizeof-expression): sorts pointers */
	return EXIT_OK;
}

static const struct table_col cols[] = {
	{ "bus", "BUS", TABLE_TEXT, 0 },
	{ "provider", "PROVIDER", TABLE_TEXT, 0 },
	{ "scrub", "SCRUB", TABLE_TEXT, 0 },
	{ "scrubs", "SCRUBS", TABLE_TEXT, 1 },
};

static int print_status(struct ndctl_bus **v, size_t n, bool human)
{
	struct json_object *arr = json_object_new_array();
	int rc = 0;

	for (size_t i = 0; arr && i < n; i++) {
		struct json_object *o = json_object_new_object();
		struct pm_scrub_state st;
		bool ok = pm_scrub_read(v[i], &st) == 0;

		json_add_str(o, "bus", ndctl_bus_get_devname(v[i]));
		json_add_str(o, "provider", ndctl_bus_get_provider(v[i]));
		json_add_str(o, "scrub", !ok ? NULL : st.running ? "running" : "idle");
		json_add_u64(o, "scrubs", ok, st.count);
		json_add_elem(arr, o);
	}
	if (!arr)
		rc = -ENOMEM;
	else
		rc = human ? table_print(stdout, arr, cols, sizeof(cols) / sizeof(cols[0]))
			   : json_print(stdout, arr, true);
	pm_printed(CMD, rc);
	json_object_put(arr);
	return rc ? EXIT_FAIL : EXIT_OK;
}

static void tick(void *arg, unsigned int elapsed)
{
	progress_tick(arg, elapsed);
}

static int start_and_wait(struct ndctl_bus *bus, const struct scrub_opts *o)
{
	const char *name = ndctl_bus_get_devname(bus);
	struct pm_scrub_state st;
	struct progress p;
	char what[96];
	int rc;

	if (pm_scrub_read(bus, &st)) {
		pm_error(CMD, "%s: cannot read the scrub state", name);
		return EXIT_FAIL;
	}
	if (o->start) {
		rc = pm_scrub_start(bus);
		audit(CMD, "start bus=%s result=%s", name, rc ? strerror(-rc) : "ok");
		if (rc == -EACCES || rc == -EPERM) {
			pm_error(CMD, "%s: starting a scrub needs root", name);
			return EXIT_PERM;
		}
		/* EBUSY: one is already running; waiting for it is what the user wants */
		if (rc && rc != -EBUSY) {
			pm_error(CMD, "%s: cannot start a scrub: %s", name, strerror(-rc));
			return EXIT_FAIL;
		}
	} else if (!st.running) {
		return EXIT_OK;	/* --wait alone: nothing is running */
	}
	if (!o->wait)
		return EXIT_OK;
	snprintf(what, sizeof(what), "scrubbing %s", name);
	progress_init(&p, what, o->quiet);
	/* a running scrub completes as count+1; a new one may follow it */
	rc = pm_scrub_wait(bus, st.count, (unsigned int)o->timeout, p.on ? tick : NULL, &p);
	progress_done(&p);
	if (rc == -EINTR) {
		pm_error(CMD, "%s: interrupted while waiting; the scrub goes on", name);
		return EXIT_INTERRUPTED;
	}
	if (rc == -ETIMEDOUT) {
		pm_error(CMD, "%s: the scrub did not finish within %llus", name, o->timeout);
		return EXIT_FAIL;
	}
	if (rc) {
		pm_error(CMD, "%s: waiting for the scrub failed: %s", name, strerror(-rc));
		return EXIT_FAIL;
	}
	if (pm_scrub_read(bus, &st) == 0)
		pm_scrub_note_completed(name, st.count);
	return EXIT_OK;
}

int cmd_scrub(int argc, char **argv)
{
	struct scrub_opts o = { 0 };
	struct ndctl_bus *buses[MAX_BUSES];
	struct ndctl_ctx *ctx = NULL;
	size_t n = 0;
	int rc = parse_args(argc, argv, &o);

	if (rc == EXIT_OK)
		rc = pm_table_check(CMD, cols, TABLE_NCOLS(cols));
	if (rc == EXIT_OK)
		rc = pm_ndctl_open(CMD, &ctx);
	if (rc == EXIT_OK)
		rc = select_buses(ctx, o.bus, buses, &n);
	if (rc == EXIT_OK && !o.status) {
		pm_catch_signals();
		for (size_t i = 0; rc == EXIT_OK && i < n; i++)
			rc = start_and_wait(buses[i], &o);
	}
	if (rc == EXIT_OK || rc == EXIT_INTERRUPTED) {
		int prc = print_status(buses, n, o.human);

		rc = rc ? rc : prc;
	}
	ndctl_unref(ctx);
	return rc;
}
