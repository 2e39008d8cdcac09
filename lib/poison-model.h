/* SPDX-License-Identifier: GPL-2.0 */
/* Inside lib/: how the poison scan fills and orders a struct pm_scan. */
#ifndef PMEMCTL_LIB_POISON_MODEL_H
#define PMEMCTL_LIB_POISON_MODEL_H
#include "lib/poison.h"

/* @v with room for element @n (capacity doubled when full), or NULL. */
void *pm_grow(void *v, size_t *cap, size_t n, size_t elem);
/* Append unit @u (its index in *@idx) or record @p (counted in its unit): 0 or -ENOMEM. */
int pm_scan_add_unit(struct pm_scan *s, const struct pm_unit *u, size_t *idx);
int pm_scan_add_record(struct pm_scan *s, const struct pm_poison *p);
/* Count @p in @u: its ranges, bytes and the bytes of @p's area. */
void pm_unit_count(struct pm_unit *u, const struct pm_poison *p);
/* Parts of @r not covered by @cut, in a malloc'ed array (*@out, free it). */
int pm_subtract_all(const struct pm_range *r, const struct pm_range *cut, size_t ncut,
		    struct pm_range **out, size_t *n);
/* Units by region then namespace, records by region and offset; region rows total their poison. */
int pm_scan_sort(struct pm_scan *s);
#endif
