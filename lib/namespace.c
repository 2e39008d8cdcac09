// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>
#include <daxctl/libdaxctl.h>

#include "lib/namespace.h"
#include "lib/sysram.h"
#include "util/strings.h"

static const char *const mode_names[] = {
	[PM_MODE_NONE] = NULL,
	[PM_MODE_RAW] = "raw",
	[PM_MODE_FSDAX] = "fsdax",
	[PM_MODE_DEVDAX] = "devdax",
	[PM_MODE_SECTOR] = "sector",
	[PM_MODE_UNKNOWN] = "unknown",
};

const char *pm_mode_name(enum pm_mode m)
{
	return m <= PM_MODE_UNKNOWN ? mode_names[m] : NULL;
}

int pm_mode_parse(const char *s, enum pm_mode *out)
{
	static const struct { const char *name; enum pm_mode mode; } names[] = {
		{ "raw", PM_MODE_RAW },	      { "fsdax", PM_MODE_FSDAX },
		{ "memory", PM_MODE_FSDAX },  { "devdax", PM_MODE_DEVDAX },
		{ "dax", PM_MODE_DEVDAX },    { "sector", PM_MODE_SECTOR },
		{ "safe", PM_MODE_SECTOR },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].mode;
			return 0;
		}
	return -EINVAL;
}

static enum pm_mode mode_of(enum ndctl_namespace_mode m)
{
	switch (m) {
	case NDCTL_NS_MODE_RAW: return PM_MODE_RAW;
	case NDCTL_NS_MODE_FSDAX: return PM_MODE_FSDAX;
	case NDCTL_NS_MODE_DEVDAX: return PM_MODE_DEVDAX;
	case NDCTL_NS_MODE_SECTOR: return PM_MODE_SECTOR;
	default: return PM_MODE_UNKNOWN;
	}
}

/*
 * A disabled namespace has no pfn, dax or btt device (disable-namespace
 * deletes it), so the kernel calls it raw; the mode it was configured in
 * survives in its claim class (holder_class, kept in v1.2 labels).
 */
static enum pm_mode configured_mode(struct ndctl_namespace *ndns)
{
	switch (ndctl_namespace_get_enforce_mode(ndns)) {
	case NDCTL_NS_MODE_FSDAX: return PM_MODE_FSDAX;
	case NDCTL_NS_MODE_DEVDAX: return PM_MODE_DEVDAX;
	case NDCTL_NS_MODE_SECTOR: return PM_MODE_SECTOR;
	default: return PM_MODE_RAW;
	}
}

static struct daxctl_dev *devdax_of(struct ndctl_dax *dax)
{
	struct daxctl_region *dr = dax ? ndctl_dax_get_daxctl_region(dax) : NULL;

	return dr ? daxctl_dev_get_first(dr) : NULL;
}

static const char *devdax_name(struct ndctl_dax *dax)
{
	struct daxctl_dev *dev = devdax_of(dax);

	return dev ? daxctl_dev_get_devname(dev) : NULL;
}

bool pm_namespace_system_ram(struct ndctl_namespace *ndns)
{
	struct daxctl_dev *dev = devdax_of(ndctl_namespace_get_dax(ndns));
	struct daxctl_memory *mem = dev ? daxctl_dev_get_memory(dev) : NULL;

	return mem && daxctl_memory_is_online(mem) > 0;
}

bool pm_view_kmem(const struct pm_ns_view *v)
{
	return v->mode == PM_MODE_DEVDAX && v->active && (!v->device || pm_dax_bound_to_kmem("/sys", v->device));
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/*
 * The device claiming @ndns, looked up only where its mode says one may be:
 * the kernel's mode is "raw" for an unclaimed namespace and names the kind
 * of a claim ("memory": pfn, "dax", "safe": btt), and each lookup reads
 * every device of that kind in the region (seeds included).
 */
static void find_claim(struct ndctl_namespace *ndns, enum ndctl_namespace_mode m, struct pm_ns_view *v)
{
	bool any = m != NDCTL_NS_MODE_RAW && m != NDCTL_NS_MODE_FSDAX &&
		   m != NDCTL_NS_MODE_DEVDAX && m != NDCTL_NS_MODE_SECTOR;

	v->pfn = any || m == NDCTL_NS_MODE_FSDAX ? ndctl_namespace_get_pfn(ndns) : NULL;
	v->dax = any || m == NDCTL_NS_MODE_DEVDAX ? ndctl_namespace_get_dax(ndns) : NULL;
	v->btt = any || m == NDCTL_NS_MODE_SECTOR ? ndctl_namespace_get_btt(ndns) : NULL;
}

void pm_view_namespace(struct ndctl_namespace *ndns, uint64_t region_res, struct pm_ns_view *v)
{
	enum ndctl_namespace_mode m = ndctl_namespace_get_mode(ndns);
	uint64_t ns_res = ndctl_namespace_get_resource(ndns);
	uint64_t data_res = ns_res, data_size = ndctl_namespace_get_size(ndns);

	memset(v, 0, sizeof(*v));
	v->ndns = ndns;
	v->region_res = region_res;
	v->mode = mode_of(m);
	find_claim(ndns, m, v);
	if (v->pfn) {
		v->active = ndctl_pfn_is_enabled(v->pfn);
		data_res = ndctl_pfn_get_resource(v->pfn);
		data_size = ndctl_pfn_get_size(v->pfn);
		v->device = nonempty(ndctl_pfn_get_block_device(v->pfn));
	} else if (v->dax) {
		v->active = ndctl_dax_is_enabled(v->dax);
		data_res = ndctl_dax_get_resource(v->dax);
		data_size = ndctl_dax_get_size(v->dax);
		v->device = devdax_name(v->dax);
	} else if (v->btt) {
		v->active = ndctl_btt_is_enabled(v->btt);
		v->device = nonempty(ndctl_btt_get_block_device(v->btt));
		v->layout.btt = true;
	} else {
		v->device = nonempty(ndctl_namespace_get_block_device(ndns));
		v->active = ndctl_namespace_is_enabled(ndns);
		if (!v->active && configured_mode(ndns) != PM_MODE_RAW) {
			v->mode = configured_mode(ndns);
			v->layout.btt = v->mode == PM_MODE_SECTOR;
			v->layout.data_unknown = !v->layout.btt;
		}
	}
	if (region_res == ULLONG_MAX || ns_res == ULLONG_MAX || data_res == ULLONG_MAX ||
	    ns_res < region_res || data_res < region_res)
		return;
	v->layout.ns = (struct pm_range){ ns_res - region_res, ndctl_namespace_get_size(ndns) };
	v->layout.data = v->layout.btt ? v->layout.ns
				       : (struct pm_range){ data_res - region_res, data_size };
	v->layout_known = pm_layout_valid(&v->layout);
}

static const char *view_claim_name(const struct pm_ns_view *v)
{
	if (v->pfn)
		return ndctl_pfn_get_devname(v->pfn);
	if (v->dax)
		return ndctl_dax_get_devname(v->dax);
	return v->btt ? ndctl_btt_get_devname(v->btt) : NULL;
}

bool pm_namespace_matches(const struct pm_ns_view *v, const char *name, enum pm_mode mode)
{
	const char *want = strip_dev_prefix(name), *claim;

	if (mode != PM_MODE_NONE && mode != v->mode)
		return false;
	if (!want)
		return true;
	claim = view_claim_name(v);
	return strcmp(want, ndctl_namespace_get_devname(v->ndns)) == 0 ||
	       (v->device && strcmp(want, v->device) == 0) || (claim && strcmp(want, claim) == 0);
}

bool pm_bus_matches(struct ndctl_bus *bus, const char *want)
{
	return !want || strcmp(want, ndctl_bus_get_devname(bus)) == 0 ||
	       strcmp(want, ndctl_bus_get_provider(bus)) == 0;
}

int pm_bus_cmp(const void *a, const void *b)
{
	unsigned int x = ndctl_bus_get_id(*(struct ndctl_bus *const *)a);
	unsigned int y = ndctl_bus_get_id(*(struct ndctl_bus *const *)b);

	return x < y ? -1 : x > y;
}

/*
 * The bus holding region @want ("regionN", or "N" as ndctl takes it), from
 * the kernel's link /sys/bus/nd/devices/regionN -> .../ndbusM/regionN, so
 * that a region filter initialises no other bus's regions (libndctl reads
 * every region of a bus at its first). Empty when it cannot tell.
 */
void pm_region_bus_name(const char *want, char *bus, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX], *region, *parent;
	ssize_t n;

	bus[0] = '\0';
	if (!want)
		return;
	snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s%s",
		 str_is_prefixed_number(want, "region") ? "" : "region", want);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	region = strrchr(target, '/');
	if (!region || !str_is_prefixed_number(region + 1, "region"))
		return;
	*region = '\0';
	parent = strrchr(target, '/');
	parent = parent ? parent + 1 : target;
	if (str_is_prefixed_number(parent, "ndbus"))
		str_copy(bus, len, parent);
}

const char *pm_first_disabled_region(struct ndctl_ctx *ctx)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			if (!ndctl_region_is_enabled(region))
				return ndctl_region_get_devname(region);
	return NULL;
}
