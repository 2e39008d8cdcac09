/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Recovery write planning, pure: which aligned writes clear a set of
 * poisoned ranges with as few writes as the alignment rules allow, and which
 * sectors inside each write are good data that must be read first and
 * written back unchanged.
 */
#ifndef PMEMCTL_LIB_PLAN_H
#define PMEMCTL_LIB_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/range.h"

/*
 * Sort and merge @bad (byte ranges, any order, may overlap or touch) in
 * place; returns the new count.
 */
size_t pm_ranges_normalize(struct pm_range *bad, size_t n);

/*
 * The writes that cover the normalized @bad ranges, each aligned to @unit
 * (a power of two >= 512: the larger of the logical block size and the
 * clear unit, or the page size for fsdax files) and clipped to @size.
 * Ranges whose aligned extents touch or overlap share one write, and no
 * write is longer than @max_write (a multiple of @unit). Writes at most
 * @max entries to @out and returns the number of writes needed.
 */
size_t pm_plan_writes(const struct pm_range *bad, size_t n, uint64_t unit, uint64_t size,
		      uint64_t max_write, struct pm_range *out, size_t max);

/* Whether the 512-byte sector at byte @off is poisoned (in normalized @bad). */
bool pm_sector_is_bad(const struct pm_range *bad, size_t n, uint64_t off);

/* Bytes of @w that are poisoned (to be replaced), the rest being preserved. */
uint64_t pm_bad_bytes_in(const struct pm_range *bad, size_t n, const struct pm_range *w);

/* True when @unit is a power of two of at least one sector. */
bool pm_unit_valid(uint64_t unit);
#endif
