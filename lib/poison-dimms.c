// SPDX-License-Identifier: GPL-2.0
/*
 * Which DIMMs back a poisoned range. A non-interleaved region names its
 * DIMM in its mapping. An interleaved one needs the platform's address
 * translation (TRANSLATE_SPA, an ACPI DSM: milliseconds on real platforms),
 * so its geometry is learnt once per region from a few translations (the
 * granularity by bisection, from the DIMM and DIMM address each gives; the
 * order from one address per way), checked against further probes, and
 * every range's DIMMs are computed from it. Where the check
 * fails, each range is translated as before. A bus that cannot translate
 * (no such command, no device node, not root) is not asked again in this
 * process.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "lib/poison-model.h"

#define MIN_GRANULE 256
#define MAX_REGIONS 64
#define MAX_DEAD_BUSES 16

/* ------------------------------------------------------------ the model */

static void add_dimm(struct pm_poison *p, const char *name)
{
	unsigned int k;

	for (k = 0; k < p->ndimms && strcmp(p->dimms[k], name); k++)
		;
	if (k == p->ndimms && p->ndimms < PM_MAX_DIMMS)
		p->dimms[p->ndimms++] = name;
}

static const char *model_dimm(const struct pm_geometry *g, uint64_t off)
{
	return g->order[(off / g->granule) % g->ways];
}

/* The platform's DIMM for @off, its address not wanted. */
static const char *probe_dimm(pm_probe_fn probe, void *arg, uint64_t off)
{
	uint64_t dpa;

	return probe(arg, off, &dpa);
}

/* Probes that the model must answer as the platform does: far from where it was learnt. */
static bool model_holds(const struct pm_geometry *g, pm_probe_fn probe, void *arg)
{
	uint64_t probes[] = { g->size - PM_SECTOR, (g->size / 2) & ~(uint64_t)(PM_SECTOR - 1),
			      (3 * g->granule * g->ways + g->granule + PM_SECTOR) % g->size };

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		const char *d = probe_dimm(probe, arg, probes[i]);

		if (!d || strcmp(d, model_dimm(g, probes[i])))
			return false;
	}
	return true;
}

/* The DIMMs after the first, one probe per way; false when they do not repeat round-robin. */
static bool learn_order(struct pm_geometry *g, unsigned int ways, const char *second,
			pm_probe_fn probe, void *arg)
{
	for (; g->ways < ways && g->ways < PM_MAX_DIMMS; g->ways++) {
		const char *d = g->ways == 1 ? second : probe_dimm(probe, arg, g->ways * g->granule);

		for (unsigned int k = 0; d && k < g->ways; k++)
			if (!strcmp(d, g->order[k]))
				d = NULL;	/* a way seen twice */
		if (!d)
			return false;
		snprintf(g->order[g->ways], sizeof(g->order[0]), "%s", d);
	}
	return true;
}

/* What offset 0 answered, and the platform to ask. */
struct first_granule {
	const char *dimm;
	uint64_t dpa;
	pm_probe_fn probe;
	void *arg;
};

/* Whether @off answers as offset 0 does, @off further on its DIMM; *@d the DIMM named. */
static bool in_first_granule(const struct first_granule *f, uint64_t off, const char **d)
{
	uint64_t dpa = PM_DPA_UNKNOWN;

	*d = f->probe(f->arg, off, &dpa);
	return *d && !strcmp(*d, f->dimm) && dpa != PM_DPA_UNKNOWN && dpa == f->dpa + off;
}

/*
 * The granule by bisection over the powers of two from MIN_GRANULE below
 * @size, @size when every one is in the first granule; 0 when a probe got
 * no answer. *@d is the DIMM named at the granule (NULL at @size).
 */
static uint64_t bisect_granule(const struct first_granule *f, uint64_t size, const char **d)
{
	unsigned int lo = __builtin_ctzll(MIN_GRANULE), end = lo, hi;

	while (end < 63 && (1ULL << end) < size)
		end++;
	*d = NULL;
	for (hi = end; lo < hi;) {
		unsigned int mid = lo + (hi - lo) / 2;
		const char *at;

		if (in_first_granule(f, 1ULL << mid, &at)) {
			lo = mid + 1;
		} else {
			if (!at)
				return 0;
			hi = mid;
			*d = at;	/* the last probe that moved hi was at the answer */
		}
	}
	return lo == end ? size : 1ULL << lo;
}

/* The granule by walking the powers of two until another DIMM answers; 0 when a probe got none. */
static uint64_t walk_granule(const struct first_granule *f, uint64_t size, const char **d)
{
	uint64_t granule;

	*d = NULL;
	for (granule = MIN_GRANULE; granule < size; granule <<= 1) {
		*d = probe_dimm(f->probe, f->arg, granule);
		if (!*d)
			return 0;
		if (strcmp(*d, f->dimm))
			return granule;
	}
	*d = NULL;
	return size;	/* every probe named one DIMM: the platform says so */
}

/* The order and the check from @granule, *@d the DIMM named there: whether the model holds. */
static bool learn_from(struct pm_geometry *g, const struct first_granule *f, uint64_t granule, const char *d,
		       unsigned int ways)
{
	uint64_t size = g->size;

	memset(g, 0, sizeof(*g));
	g->size = size;
	g->granule = granule;
	snprintf(g->order[0], sizeof(g->order[0]), "%s", f->dimm);
	g->ways = 1;
	if (granule < size && !learn_order(g, ways, d, f->probe, f->arg))
		return false;
	g->usable = model_holds(g, f->probe, f->arg);
	return g->usable;
}

int pm_geometry_learn(struct pm_geometry *g, uint64_t size, unsigned int ways, pm_probe_fn probe, void *arg)
{
	struct first_granule f = { .dpa = PM_DPA_UNKNOWN, .probe = probe, .arg = arg };
	const char *d = NULL;
	uint64_t granule = 0;

	memset(g, 0, sizeof(*g));
	g->size = size;
	f.dimm = probe(arg, 0, &f.dpa);
	if (!f.dimm)
		return -ENOTTY;
	if (f.dpa != PM_DPA_UNKNOWN)
		granule = bisect_granule(&f, size, &d);
	/*
	 * A bisection that names the first DIMM again, or whose model the
	 * platform contradicts (addresses that are not the DIMM's own, e.g.
	 * the region offset on every DIMM), is retried by the walk, which
	 * needs only the DIMM names.
	 */
	if (granule && !(d && !strcmp(d, f.dimm)) && learn_from(g, &f, granule, d, ways))
		return 0;
	granule = walk_granule(&f, size, &d);
	if (granule)
		learn_from(g, &f, granule, d, ways);
	return 0;
}

void pm_geometry_dimms(const struct pm_geometry *g, uint64_t off, uint64_t len, struct pm_poison *p)
{
	uint64_t first, n;

	if (!g->usable || !g->granule)	/* not learnt: no granule to divide by */
		return;
	first = off / g->granule;
	n = (off + len - 1) / g->granule - first + 1;
	for (uint64_t k = 0; k < n && k < g->ways; k++)
		add_dimm(p, g->order[(first + k) % g->ways]);
	p->dimms_known = p->ndimms > 0;
}

/* ------------------------------------------------------------ the platform */

/* A region's geometry, with what identifies the region in this process. */
struct region_geometry {
	char bus[32], region[32];
	uint64_t res;
	struct pm_geometry g;
};

static struct region_geometry geometries[MAX_REGIONS];
static unsigned int ngeometries;
static char dead_buses[MAX_DEAD_BUSES][32];
static unsigned int ndead;

static bool bus_is_dead(struct ndctl_bus *bus)
{
	for (unsigned int i = 0; i < ndead; i++)
		if (!strcmp(dead_buses[i], ndctl_bus_get_devname(bus)))
			return true;
	return false;
}

static void bus_dies(struct ndctl_bus *bus)
{
	if (ndead < MAX_DEAD_BUSES)
		snprintf(dead_buses[ndead++], sizeof(dead_buses[0]), "%s", ndctl_bus_get_devname(bus));
}

/*
 * Whether @d backs @region. An answer naming any other DIMM is taken as no
 * answer: libndctl rejects only the "invalid address" status, and reads a
 * command that failed otherwise as handle 0, address 0, which on Intel
 * platforms is a real DIMM (socket 0, controller 0, channel 0, slot 0).
 */
static bool backs_region(struct ndctl_region *region, struct ndctl_dimm *d)
{
	struct ndctl_mapping *m;

	ndctl_mapping_foreach(region, m)
		if (ndctl_mapping_get_dimm(m) == d)
			return true;
	return false;
}

/* The platform's DIMM of @region for @spa (and its address there in *@dpa, when asked), or NULL. */
static const char *translate_dpa(struct ndctl_region *region, uint64_t spa, uint64_t *dpa)
{
	struct ndctl_bus *bus = ndctl_region_get_bus(region);
	unsigned long long at = 0;
	unsigned int handle = 0;
	struct ndctl_dimm *d;

	if (ndctl_bus_nfit_translate_spa(bus, spa, &handle, &at))
		return NULL;
	d = ndctl_dimm_get_by_handle(bus, handle);
	if (d && !backs_region(region, d))
		d = NULL;
	if (dpa)
		*dpa = d ? at : PM_DPA_UNKNOWN;
	return d ? ndctl_dimm_get_devname(d) : NULL;
}

struct probe_ctx {
	struct ndctl_region *region;
	uint64_t res;
};

static const char *probe_bus(void *arg, uint64_t off, uint64_t *dpa)
{
	struct probe_ctx *c = arg;

	return translate_dpa(c->region, c->res + off, dpa);
}

static const struct pm_geometry *geometry_of(struct ndctl_region *region, struct ndctl_bus *bus,
					    uint64_t res, unsigned int ways)
{
	uint64_t size = ndctl_region_get_size(region);
	struct region_geometry *r;

	for (unsigned int i = 0; i < ngeometries; i++) {
		r = &geometries[i];
		if (r->res == res && r->g.size == size && !strcmp(r->region, ndctl_region_get_devname(region)) &&
		    !strcmp(r->bus, ndctl_bus_get_devname(bus)))
			return &r->g;
	}
	if (ngeometries == MAX_REGIONS || res == ULLONG_MAX || size < 2 * PM_SECTOR)
		return NULL;
	r = &geometries[ngeometries++];
	snprintf(r->bus, sizeof(r->bus), "%s", ndctl_bus_get_devname(bus));
	snprintf(r->region, sizeof(r->region), "%s", ndctl_region_get_devname(region));
	r->res = res;
	if (pm_geometry_learn(&r->g, size, ways, probe_bus, &(struct probe_ctx){ region, res }))
		bus_dies(bus);
	return &r->g;
}

/* The platform's answer for each sector of the range, until every way is seen. */
static void translate_each(struct ndctl_region *region, unsigned int ways, struct pm_poison *p)
{
	const unsigned int max_steps = 256;

	for (unsigned int i = 0; i < max_steps && i * PM_SECTOR < p->length; i++) {
		const char *name = translate_dpa(region, p->spa + i * PM_SECTOR, NULL);

		if (!name && i == 0)
			return;
		if (name)
			add_dimm(p, name);
		if (p->ndimms >= ways)
			break;
	}
}

/* What every record of the region shares, read at its first record. */
static void finder_ready(struct pm_dimm_finder *f)
{
	struct ndctl_mapping *m;

	f->ready = true;
	f->bus = ndctl_region_get_bus(f->region);
	f->ways = ndctl_region_get_interleave_ways(f->region);
	m = f->ways == 1 ? ndctl_mapping_get_first(f->region) : NULL;
	f->dimm = m ? ndctl_dimm_get_devname(ndctl_mapping_get_dimm(m)) : NULL;
}

void pm_dimm_finder_init(struct pm_dimm_finder *f, struct ndctl_region *region, uint64_t res)
{
	*f = (struct pm_dimm_finder){ .region = region, .res = res };
}

void pm_dimm_finder_find(struct pm_dimm_finder *f, struct pm_poison *p)
{
	if (f->skip)
		return;
	if (!f->ready)
		finder_ready(f);
	if (f->dimm) {
		p->dimms[p->ndimms++] = f->dimm;
		p->dimms_known = true;
		return;
	}
	if (!p->has_spa || f->ways == 0 || bus_is_dead(f->bus))
		return;
	if (!f->geometry_tried) {
		f->g = geometry_of(f->region, f->bus, f->res, f->ways);
		f->geometry_tried = true;
	}
	if (f->g && f->g->usable) {
		pm_geometry_dimms(f->g, p->spa - f->res, p->length, p);
		return;
	}
	if (!bus_is_dead(f->bus))
		translate_each(f->region, f->ways, p);
	p->dimms_known = p->ndimms > 0;
}
