// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <ndctl/libndctl.h>

#include "lib/target.h"

int pm_blocks_check(uint64_t block, uint64_t count, uint64_t data_size)
{
	uint64_t blocks = data_size / PM_SECTOR;

	if (count == 0)
		return -EINVAL;
	if (block >= blocks || count > blocks - block)
		return -ERANGE;
	return 0;
}

int pm_spa_to_block(uint64_t spa, const struct pm_range *data_abs, uint64_t *block)
{
	if (spa < data_abs->start || spa - data_abs->start >= data_abs->len)
		return -ERANGE;
	*block = (spa - data_abs->start) / PM_SECTOR;
	return 0;
}

/*
 * The namespace named @name, or the one whose data area holds @spa. A
 * disabled region has no namespaces: @spa inside one is -EHOSTDOWN, with
 * *@disabled naming it.
 */
static int find_namespace(struct ndctl_ctx *ctx, const struct pm_target_spec *spec,
			  struct pm_target *t, const char **disabled)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	struct ndctl_namespace *ndns;

	ndctl_bus_foreach(ctx, bus) {
		ndctl_region_foreach(bus, region) {
			uint64_t res = ndctl_region_get_resource(region);

			if (spec->has_spa && (res == ULLONG_MAX || spec->spa < res ||
					      spec->spa - res >= ndctl_region_get_size(region)))
				continue;
			if (!ndctl_region_is_enabled(region) && spec->has_spa) {
				*disabled = ndctl_region_get_devname(region);
				return -EHOSTDOWN;
			}
			ndctl_namespace_foreach(region, ndns) {
				struct pm_ns_view v;

				if (ndctl_namespace_get_size(ndns) == 0)
					continue;
				pm_view_namespace(ndns, res, &v);
				if (spec->has_spa ? !v.layout_known ||
							    spec->spa - res < v.layout.ns.start ||
							    spec->spa - res >= pm_range_end(&v.layout.ns)
						  : !pm_namespace_matches(&v, spec->namespace, PM_MODE_NONE))
					continue;
				t->bus = bus;
				t->region = region;
				t->view = v;
				return 0;
			}
			if (spec->has_spa)
				return -EADDRNOTAVAIL;	/* in the region, in no namespace */
		}
	}
	return -ENODEV;
}

static int __attribute__((format(__printf__, 4, 5)))
fail(char *err, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return rc;
}

int pm_target_resolve(struct ndctl_ctx *ctx, const struct pm_target_spec *spec,
		      struct pm_target *t, char *err, size_t errlen)
{
	const char *ns = spec->namespace ? spec->namespace : "", *disabled = NULL;
	struct pm_range data_abs;
	int rc = find_namespace(ctx, spec, t, &disabled);

	if (rc == -EHOSTDOWN)
		return fail(err, errlen, -ENODEV, "address %#llx is in %s, which is disabled "
			    "('ndctl enable-region %s' enables it)", (unsigned long long)spec->spa,
			    disabled, disabled);
	if (rc == -EADDRNOTAVAIL)
		return fail(err, errlen, -ENODEV, "address %#llx is in no namespace",
			    (unsigned long long)spec->spa);
	if (rc && spec->has_spa)
		return fail(err, errlen, -ENODEV, "address %#llx is on no NVDIMM region (or not root)",
			    (unsigned long long)spec->spa);
	if (rc && (disabled = pm_first_disabled_region(ctx)))
		return fail(err, errlen, -ENODEV, "no namespace or device named '%s' (a disabled region, "
			    "such as %s, has no namespaces until 'ndctl enable-region')", ns, disabled);
	if (rc)
		return fail(err, errlen, -ENODEV, "no namespace or device named '%s'", ns);
	ns = ndctl_namespace_get_devname(t->view.ndns);
	if (t->view.mode == PM_MODE_SECTOR)
		return fail(err, errlen, -EOPNOTSUPP,
			    "%s is a BTT (sector mode) namespace: its blocks have no fixed place", ns);
	if (!t->view.layout_known)
		return fail(err, errlen, -EACCES,
			    "cannot read the layout of %s (physical addresses need root)", ns);
	t->count = spec->count;
	t->block = spec->block;
	if (spec->has_spa) {
		data_abs = (struct pm_range){ t->view.region_res + t->view.layout.data.start,
					      t->view.layout.data.len };
		if (pm_spa_to_block(spec->spa, &data_abs, &t->block))
			return fail(err, errlen, -ERANGE,
				    "%s: address %#llx is in the namespace's metadata, not its data",
				    ns, (unsigned long long)spec->spa);
	}
	rc = pm_blocks_check(t->block, t->count, t->view.layout.data.len);
	if (rc == -EINVAL)
		return fail(err, errlen, rc, "%s: the block count must be at least 1", ns);
	if (rc)
		return fail(err, errlen, rc, "%s: blocks beyond the data area (it has %llu blocks)",
			    ns, (unsigned long long)(t->view.layout.data.len / PM_SECTOR));
	return 0;
}
