/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One namespace as pmemctl sees it: its mode, the device a user opens, and
 * where its data area lies in its region. Shared by every command that
 * names or targets a namespace.
 */
#ifndef PMEMCTL_LIB_NAMESPACE_H
#define PMEMCTL_LIB_NAMESPACE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/range.h"

struct ndctl_namespace;
struct ndctl_pfn;
struct ndctl_dax;
struct ndctl_btt;

enum pm_mode {
	PM_MODE_NONE,	/* not a namespace (region-level record), or "any" in filters */
	PM_MODE_RAW,
	PM_MODE_FSDAX,
	PM_MODE_DEVDAX,
	PM_MODE_SECTOR,
	PM_MODE_UNKNOWN,
};
const char *pm_mode_name(enum pm_mode m);
/* Accepts ndctl's names and aliases (memory, dax, safe); -EINVAL otherwise. */
int pm_mode_parse(const char *s, enum pm_mode *out);

struct pm_ns_view {
	struct ndctl_namespace *ndns;
	struct pm_ns_layout layout;	/* region-relative; valid when layout_known */
	bool layout_known;
	uint64_t region_res;		/* region start (SPA), UINT64_MAX if unreadable */
	const char *device;		/* pmemN, pmemNs, daxN.M, or NULL */
	enum pm_mode mode;
	/* the device claiming the namespace (at most one), or NULL */
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	struct ndctl_btt *btt;
	bool active;		/* a driver is bound to the claim, or to an unclaimed namespace */
};

/*
 * Read @ndns's mode, device and layout. The data area of fsdax and devdax
 * namespaces starts after the info block and memmap reservation; libndctl
 * reports it as the pfn/dax "resource", readable by root only, so without
 * root layout_known is false.
 */
void pm_view_namespace(struct ndctl_namespace *ndns, uint64_t region_res, struct pm_ns_view *v);

/*
 * @name is the namespace (namespaceX.Y), the device that claims it (pfnX.Y,
 * daxX.Y, bttX.Y) or the device a user opens (pmemN, /dev/pmemN, daxN.M);
 * NULL matches any. @mode PM_MODE_NONE matches any mode.
 */
bool pm_namespace_matches(const struct pm_ns_view *v, const char *name, enum pm_mode mode);

/*
 * Whether @ndns's devdax device is online as system RAM (the kmem driver
 * hot-plugged it): libdaxctl counts its online memory blocks.
 */
bool pm_namespace_system_ram(struct ndctl_namespace *ndns);

/*
 * Whether @v is an enabled devdax namespace whose dax device is bound to
 * kmem (its driver link: libdaxctl keeps that check to itself), or may be:
 * without root libdaxctl cannot name the device.
 */
bool pm_view_kmem(const struct pm_ns_view *v);

struct ndctl_bus;
/* @want is NULL (any bus), the bus's name (ndbusN) or its provider (ACPI.NFIT, nfit_test.0). */
bool pm_bus_matches(struct ndctl_bus *bus, const char *want);
/*
 * The bus (ndbusM) holding region @want ("regionN" or "N"), from the
 * kernel's link, into @bus; empty when it cannot tell (every bus must be
 * walked then).
 */
void pm_region_bus_name(const char *want, char *bus, size_t len);
/* qsort() order of an array of struct ndctl_bus *: by bus number (ndbus2 before ndbus10). */
int pm_bus_cmp(const void *a, const void *b);

struct ndctl_ctx;
/*
 * The name of a disabled region (one without namespaces until it is
 * enabled), or NULL: what a failed lookup by name can point to.
 */
const char *pm_first_disabled_region(struct ndctl_ctx *ctx);
#endif
