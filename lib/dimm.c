// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "lib/dimm.h"
#include "lib/poison-model.h"

/* Whether @s has an enabled region row for @region. */
static bool scanned(const struct pm_scan *s, struct ndctl_region *region)
{
	const char *bus = ndctl_bus_get_devname(ndctl_region_get_bus(region));

	for (size_t i = 0; i < s->nunits; i++) {
		const struct pm_unit *u = &s->units[i];

		if (!u->namespace && !u->unknown && u->bus && u->region && !strcmp(u->bus, bus) &&
		    !strcmp(u->region, ndctl_region_get_devname(region)))
			return true;
	}
	return false;
}

/* Whether @s has a record in @region whose DIMMs are unknown. */
static bool dimms_unknown(const struct pm_scan *s, struct ndctl_region *region)
{
	const char *bus = ndctl_bus_get_devname(ndctl_region_get_bus(region));

	for (size_t i = 0; i < s->nrecs; i++) {
		const struct pm_unit *u = &s->units[s->recs[i].unit];

		if (!s->recs[i].dimms_known && u->bus && u->region && !strcmp(u->bus, bus) &&
		    !strcmp(u->region, ndctl_region_get_devname(region)))
			return true;
	}
	return false;
}

/* The entry of @d in @v, or NULL. */
static struct pm_dimm *listed(struct pm_dimm *v, size_t n, struct ndctl_dimm *d)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, ndctl_dimm_get_devname(d)) &&
		    !strcmp(v[i].bus, ndctl_bus_get_devname(ndctl_dimm_get_bus(d))))
			return &v[i];
	return NULL;
}

static int add_dimm(struct pm_dimm **v, size_t *cap, size_t *n, struct ndctl_dimm *d)
{
	struct pm_dimm *g = pm_grow(*v, cap, *n, sizeof(**v));

	if (!g)
		return -ENOMEM;
	*v = g;
	g[(*n)++] = (struct pm_dimm){ .bus = ndctl_bus_get_devname(ndctl_dimm_get_bus(d)),
				      .name = ndctl_dimm_get_devname(d),
				      .unique_id = ndctl_dimm_get_unique_id(d),
				      .handle = ndctl_dimm_get_handle(d),
				      .phys_id = ndctl_dimm_get_phys_id(d) };
	return 0;
}

static void count(struct pm_dimm *dimm, const struct pm_scan *s)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		const struct pm_poison *p = &s->recs[i];
		const struct pm_unit *u = &s->units[p->unit];

		if (!p->dimms_known || !u->bus || strcmp(u->bus, dimm->bus))
			continue;
		for (unsigned int k = 0; k < p->ndimms; k++)
			if (!strcmp(p->dimms[k], dimm->name)) {
				dimm->ranges++;
				dimm->bytes += p->length;
				break;
			}
	}
}

/* "ndbus2" before "ndbus10", "nmem9" before "nmem10": same prefixes, shorter is smaller */
static int natural(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

static int by_bus_and_name(const void *pa, const void *pb)
{
	const struct pm_dimm *a = pa, *b = pb;
	int c = natural(a->bus, b->bus);

	return c ? c : natural(a->name, b->name);
}

int pm_scan_dimms(struct ndctl_ctx *ctx, const struct pm_scan *s, struct pm_dimm **out, size_t *n)
{
	struct ndctl_bus *bus;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	ndctl_bus_foreach(ctx, bus) {
		struct ndctl_region *region;

		ndctl_region_foreach(bus, region) {
			struct ndctl_mapping *m;
			bool unknown;

			if (!scanned(s, region))
				continue;
			unknown = dimms_unknown(s, region);
			ndctl_mapping_foreach(region, m) {
				struct ndctl_dimm *d = ndctl_mapping_get_dimm(m);
				struct pm_dimm *e = d ? listed(*out, *n, d) : NULL;

				if (d && !e && add_dimm(out, &cap, n, d)) {
					free(*out);
					*out = NULL;
					*n = 0;
					return -ENOMEM;
				}
				if (d)
					(e ? e : &(*out)[*n - 1])->unknown |= unknown;
			}
		}
	}
	for (size_t i = 0; i < *n; i++)
		count(&(*out)[i], s);
	if (*n)
		qsort(*out, *n, sizeof(**out), by_bus_and_name);
	return 0;
}
