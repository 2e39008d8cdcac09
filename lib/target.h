/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where an operation (inject, recover, ...) acts: one namespace and a run of
 * 512-byte blocks relative to its data start, resolved from what the user
 * named (a namespace and -B/-c, or a system physical address). One step,
 * reused by every command that targets poison.
 */
#ifndef PMEMCTL_LIB_TARGET_H
#define PMEMCTL_LIB_TARGET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/namespace.h"

struct ndctl_ctx;
struct ndctl_bus;
struct ndctl_region;

struct pm_target_spec {
	const char *namespace;	/* namespace or its device; NULL with has_spa */
	bool has_block;
	uint64_t block;		/* -B: first 512-byte block of the data area */
	uint64_t count;		/* -c: number of blocks */
	bool has_spa;
	uint64_t spa;		/* --spa: a system physical address instead */
};

struct pm_target {
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	struct pm_ns_view view;
	uint64_t block, count;
};

/* Block-range checks, pure: 0, or -EINVAL (count 0) / -ERANGE (outside). */
int pm_blocks_check(uint64_t block, uint64_t count, uint64_t data_size);

/*
 * The data block holding physical address @spa, given the data area's
 * absolute range @data_abs: 0, or -ERANGE when @spa is not in it.
 */
int pm_spa_to_block(uint64_t spa, const struct pm_range *data_abs, uint64_t *block);

/*
 * Why a spec did not resolve; from PM_TARGET_BTT on, t->view names the
 * namespace; with PM_TARGET_SPA_DISABLED and PM_TARGET_SPA_NO_NAMESPACE,
 * t->bus and t->region name the region the address is in.
 */
enum pm_target_fail {
	PM_TARGET_OK,
	PM_TARGET_SPA_DISABLED,		/* the address is in a disabled region (e->region) */
	PM_TARGET_SPA_NO_NAMESPACE,	/* in a region, in no namespace */
	PM_TARGET_SPA_NO_REGION,	/* on no region (or the resources need root) */
	PM_TARGET_NO_DEVICE,		/* no such name; e->region: a disabled region, or NULL */
	PM_TARGET_BTT,			/* sector mode: blocks have no fixed place */
	PM_TARGET_NO_LAYOUT,		/* layout unreadable (physical addresses need root) */
	PM_TARGET_NO_DATA_AREA,		/* disabled fsdax/devdax: where its data begins is unknown */
	PM_TARGET_SPA_METADATA,		/* the address is in the namespace's metadata */
	PM_TARGET_NO_BLOCKS,		/* a count of 0 */
	PM_TARGET_BEYOND,		/* blocks past the data area */
};

struct pm_target_error {
	enum pm_target_fail why;
	const char *region;	/* the disabled region named by why, or NULL */
};

/*
 * Resolve @spec to @t. Fails with @e saying why and -ENODEV (no such
 * namespace or address), -EINVAL/-ERANGE (blocks), -EOPNOTSUPP (BTT, whose
 * sectors have no fixed place), -EACCES (layout unreadable: not root).
 */
int pm_target_resolve(struct ndctl_ctx *ctx, const struct pm_target_spec *spec,
		      struct pm_target *t, struct pm_target_error *e);
#endif
