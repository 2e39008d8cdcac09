// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
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
			if (spec->has_spa) {	/* the region, for a caller that reports any address */
				t->bus = bus;
				t->region = region;
			}
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

static int fail(struct pm_target_error *e, int rc, enum pm_target_fail why, const char *region)
{
	*e = (struct pm_target_error){ .why = why, .region = region };
	return rc;
}

int pm_target_resolve(struct ndctl_ctx *ctx, const struct pm_target_spec *spec,
		      struct pm_target *t, struct pm_target_error *e)
{
	const char *disabled = NULL;
	struct pm_range data_abs;
	int rc = find_namespace(ctx, spec, t, &disabled);

	if (rc == -EHOSTDOWN)
		return fail(e, -ENODEV, PM_TARGET_SPA_DISABLED, disabled);
	if (rc == -EADDRNOTAVAIL)
		return fail(e, -ENODEV, PM_TARGET_SPA_NO_NAMESPACE, NULL);
	if (rc && spec->has_spa)
		return fail(e, -ENODEV, PM_TARGET_SPA_NO_REGION, NULL);
	if (rc)
		return fail(e, -ENODEV, PM_TARGET_NO_DEVICE, pm_first_disabled_region(ctx));
	if (t->view.mode == PM_MODE_SECTOR)
		return fail(e, -EOPNOTSUPP, PM_TARGET_BTT, NULL);
	if (!t->view.layout_known)
		return fail(e, -EACCES, PM_TARGET_NO_LAYOUT, NULL);
	if (t->view.layout.data_unknown)
		return fail(e, -EOPNOTSUPP, PM_TARGET_NO_DATA_AREA, NULL);
	t->count = spec->count;
	t->block = spec->block;
	if (spec->has_spa) {
		data_abs = (struct pm_range){ t->view.region_res + t->view.layout.data.start,
					      t->view.layout.data.len };
		if (pm_spa_to_block(spec->spa, &data_abs, &t->block))
			return fail(e, -ERANGE, PM_TARGET_SPA_METADATA, NULL);
	}
	rc = pm_blocks_check(t->block, t->count, t->view.layout.data.len);
	if (rc)
		return fail(e, rc, rc == -EINVAL ? PM_TARGET_NO_BLOCKS : PM_TARGET_BEYOND, NULL);
	return fail(e, 0, PM_TARGET_OK, NULL);
}
