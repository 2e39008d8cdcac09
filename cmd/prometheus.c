// SPDX-License-Identifier: GPL-2.0
/*
 * list-poison --format prometheus. Each level has its own metrics, so that
 * sum() over one of them adds up: region (all poison of a region, the
 * unclaimed part too), namespace (per area: data or metadata), DIMM (a
 * range counts on each DIMM it names). Labels are prefixed nd_ so that
 * none collides with a scrape's target labels (Kubernetes' namespace, a
 * cloud region); constant labels live in _info series.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "cmd/prometheus.h"
#include "lib/dimm.h"
#include "lib/namespace.h"
#include "lib/scrub.h"

/* A label in the exposition format: backslash, quote and newline escaped. */
void prom_label(FILE *f, const char *name, const char *v, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (; v && *v; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f);
		if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

void prom_header(FILE *f, const char *metric, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", metric, help, metric, type);
}

void prom_value(FILE *f, uint64_t v)
{
	fprintf(f, "} %llu\n", (unsigned long long)v);
}

/* ---------------------------------------------------------------- regions */

enum region_value { R_INFO, R_ENABLED, R_CUT, R_RANGES, R_BYTES, R_UNCLAIMED, R_N };

static void region_metrics(FILE *f, const struct pm_scan *s)
{
	static const char *const names[R_N] = { "pmemctl_region_info", "pmemctl_region_enabled",
						"pmemctl_region_poison_list_cut", "pmemctl_region_poison_ranges", "pmemctl_region_poison_bytes",
						"pmemctl_region_unclaimed_poison_bytes" };
	static const char *const help[R_N] = {
		"A region: its bus and provider (value 1).",
		"Whether the region is enabled (1) or not (0); a disabled region's poison is unknown and "
		"it has no poison series.",
		"1 when the kernel's poison list of the region or one of its namespaces was cut: "
		"its poison series count less than there is.",
		"Poisoned ranges in the region, every area (its namespaces' and unclaimed ones).",
		"Poisoned bytes in the region, every area.",
		"Of the region's poisoned bytes, those in no namespace.",
	};

	for (int k = 0; k < R_N; k++) {
		prom_header(f, names[k], "gauge", help[k]);
		for (size_t i = 0; i < s->nunits; i++) {
			const struct pm_unit *u = &s->units[i];
			uint64_t v[R_N] = { 1, !u->disabled, u->list == PM_LIST_CUT, u->ranges, u->bytes,
					    u->unclaimed_bytes };

			if (u->namespace || (k >= R_CUT && u->unknown))	/* no series beats a false 0 */
				continue;
			fprintf(f, "%s{", names[k]);
			prom_label(f, "nd_bus", u->bus, true);
			if (k == R_INFO)
				prom_label(f, "nd_provider", u->provider, false);
			prom_label(f, "nd_region", u->region, false);
			prom_value(f, v[k]);
		}
	}
}

/* ------------------------------------------------------------- namespaces */

static const char *area_label(enum pm_area a)
{
	return a == PM_AREA_DATA ? "data" : a == PM_AREA_UNKNOWN ? "unknown" : "metadata";	/* btt: metadata */
}

/* Ranges (@bytes false) or bytes of unit @unit's records in @area's label. */
static uint64_t area_total(const struct pm_scan *s, size_t unit, const char *area, bool bytes)
{
	uint64_t t = 0;

	for (size_t i = 0; i < s->nrecs; i++)
		if (s->recs[i].unit == unit && !strcmp(area_label(s->recs[i].area), area))
			t += bytes ? s->recs[i].length : 1;
	return t;
}

static void ns_labels(FILE *f, const struct pm_unit *u)
{
	prom_label(f, "nd_bus", u->bus, true);
	prom_label(f, "nd_region", u->region, false);
	prom_label(f, "nd_namespace", u->namespace, false);
}

/*
 * Of a namespace's poisoned bytes, those online as system RAM (kmem): the
 * kernel may give them to any process. No series where a record's answer
 * is unknown (not root): 0 would say there are none.
 */
static void system_ram_metric(FILE *f, const struct pm_scan *s)
{
	static const char name[] = "pmemctl_namespace_system_ram_poison_bytes";

	prom_header(f, name, "gauge", "Of the namespace's poisoned bytes, those online as system RAM (a devdax "
				      "namespace bound to kmem): the kernel may give them to any process.");
	for (size_t i = 0; i < s->nunits; i++) {
		const struct pm_unit *u = &s->units[i];

		if (!u->namespace || u->unknown || u->system_ram_unknown)
			continue;
		fprintf(f, "%s{", name);
		ns_labels(f, u);
		prom_value(f, u->system_ram_bytes);
	}
}

static void namespace_metrics(FILE *f, const struct pm_scan *s)
{
	static const char *const areas[] = { "data", "metadata", "unknown" };

	static const char *const names[] = { "pmemctl_namespace_info", "pmemctl_namespace_enabled",
					     "pmemctl_namespace_poison_list_cut" };
	static const char *const help[] = {
		"A namespace: its mode and the device a user opens (value 1).",
		"Whether the namespace is enabled (1) or not (0).",
		"1 when the kernel's poison list of the namespace was cut: its poison series count less.",
	};

	/* a family's HELP and TYPE right before its samples: the format wants each family one group */
	for (int k = 0; k < 3; k++) {
		prom_header(f, names[k], "gauge", help[k]);
		for (size_t i = 0; i < s->nunits; i++) {
			const struct pm_unit *u = &s->units[i];

			if (!u->namespace || (k == 2 && u->unknown))	/* unknown, not whole */
				continue;
			fprintf(f, "%s{", names[k]);
			ns_labels(f, u);
			if (!k) {
				prom_label(f, "nd_mode", pm_mode_name(u->mode), false);
				prom_label(f, "nd_device", u->device, false);
			}
			prom_value(f, k == 2 ? u->list == PM_LIST_CUT : k ? !u->disabled : 1);
		}
	}
	for (int bytes = 0; bytes < 2; bytes++) {
		const char *name = bytes ? "pmemctl_namespace_poison_bytes" : "pmemctl_namespace_poison_ranges";

		prom_header(f, name, "gauge", bytes ? "Poisoned bytes in the namespace's data area or its metadata "
						 "(info block, memmap, BTT)." :
						 "Poisoned ranges in the namespace's data area or its metadata.");
		for (size_t i = 0; i < s->nunits; i++) {
			const struct pm_unit *u = &s->units[i];

			for (size_t a = 0; u->namespace && !u->unknown && a < 3; a++) {
				uint64_t v = area_total(s, i, areas[a], bytes);

				if (a == 2 && !v)
					continue;	/* unknown: only where some is */
				fprintf(f, "%s{", name);
				ns_labels(f, u);
				prom_label(f, "area", areas[a], false);
				prom_value(f, v);
			}
		}
	}
	system_ram_metric(f, s);
}

/* ---------------------------------------------------------------- DIMMs */

static const char dimm_help_ranges[] =
	"Poisoned ranges on the DIMM (a range across interleaved DIMMs counts on each); absent when "
	"a range in the DIMM's regions has unknown DIMMs.";
static const char dimm_help_bytes[] =
	"Bytes of the poisoned ranges on the DIMM (a range across interleaved DIMMs counts in full "
	"on each); absent when a range in the DIMM's regions has unknown DIMMs.";

static int dimm_metrics(FILE *f, struct ndctl_ctx *ctx, const struct pm_scan *s)
{
	struct pm_dimm *d;
	size_t n;

	if (pm_scan_dimms(ctx, s, &d, &n))
		return -ENOMEM;
	for (int bytes = 0; bytes < 2; bytes++) {
		const char *name = bytes ? "pmemctl_dimm_poison_bytes" : "pmemctl_dimm_poison_ranges";

		prom_header(f, name, "gauge", bytes ? dimm_help_bytes : dimm_help_ranges);
		for (size_t i = 0; i < n; i++) {
			char handle[16], phys[16];

			if (d[i].unknown)
				continue;	/* no series beats a false 0 */
			snprintf(handle, sizeof(handle), "%u", d[i].handle);
			snprintf(phys, sizeof(phys), "%u", d[i].phys_id);
			fprintf(f, "%s{", name);
			prom_label(f, "nd_bus", d[i].bus, true);
			prom_label(f, "nd_dimm", d[i].name, false);
			prom_label(f, "dimm_id", d[i].unique_id, false);
			prom_label(f, "dimm_handle", handle, false);
			prom_label(f, "dimm_phys_id", phys, false);
			prom_value(f, bytes ? d[i].bytes : d[i].ranges);
		}
	}
	free(d);
	return 0;
}

/* ---------------------------------------------------------------- buses */

/* The buses with a scanned region (the filters hold), by number. */
static size_t scanned_buses(struct ndctl_ctx *ctx, const struct pm_scan *s, struct ndctl_bus **v, size_t max)
{
	struct ndctl_bus *bus;
	size_t n = 0;

	ndctl_bus_foreach(ctx, bus) {
		bool seen = false;

		for (size_t i = 0; i < s->nunits && !seen; i++)
			seen = s->units[i].bus && !strcmp(s->units[i].bus, ndctl_bus_get_devname(bus));
		if (seen && n < max)
			v[n++] = bus;
	}
	qsort(v, n, sizeof(*v), pm_bus_cmp);	/* NOLINT(bugprone-sizeof-expression): sorts pointers */
	return n;
}

/* Per bus with ARS: scrub running, completed scrubs, and when pmemctl saw the last one end. */
static void bus_metrics(FILE *f, struct ndctl_ctx *ctx, const struct pm_scan *s)
{
	static const char *const names[] = { "pmemctl_bus_info", "pmemctl_scrub_running",
					     "pmemctl_scrubs_completed_total",
					     "pmemctl_scrub_last_completed_timestamp_seconds" };
	static const char *const types[] = { "gauge", "gauge", "counter", "gauge" };
	static const char *const help[] = {
		"A bus: its provider (value 1).",
		"Whether an Address Range Scrub is running on the bus (1) or not (0).",
		"Address Range Scrubs completed on the bus since it came up (the kernel's count).",
		"When pmemctl scrub or monitor saw the last scrub complete, in Unix time; "
		"absent when none was seen since the count last moved.",
	};
	struct ndctl_bus *v[64];
	size_t n = scanned_buses(ctx, s, v, 64);

	for (int k = 0; k < 4; k++) {
		prom_header(f, names[k], types[k], help[k]);
		for (size_t i = 0; i < n; i++) {
			const char *name = ndctl_bus_get_devname(v[i]);
			struct pm_scrub_state st = { 0 };
			long long when = 0;

			if (k > 0 && (!pm_scrub_supported(v[i]) || pm_scrub_read(v[i], &st)))
				continue;
			if (k == 3 && pm_scrub_last_completed(name, st.count, &when))
				continue;
			fprintf(f, "%s{", names[k]);
			prom_label(f, "nd_bus", name, true);
			if (k == 0)
				prom_label(f, "nd_provider", ndctl_bus_get_provider(v[i]), false);
			prom_value(f, k == 0 ? 1 : k == 1 ? st.running : k == 2 ? st.count : (uint64_t)when);
		}
	}
}

int pm_print_prometheus(FILE *f, const struct pm_scan *s, struct ndctl_ctx *ctx)
{
	region_metrics(f, s);
	namespace_metrics(f, s);
	bus_metrics(f, ctx, s);
	return dimm_metrics(f, ctx, s);	/* write errors: checked once, at exit */
}
