/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DIMMs behind a poison scan, with the identities libndctl gives (the
 * name, the unique id that holds the serial, the NFIT handle and physical
 * id) and the poison each carries: so that an admin knows which module to
 * replace.
 */
#ifndef PMEMCTL_LIB_DIMM_H
#define PMEMCTL_LIB_DIMM_H
#include <stddef.h>
#include <stdint.h>

#include "lib/poison.h"

struct ndctl_ctx;

struct pm_dimm {
	const char *bus, *name;		/* libndctl's strings: valid while the context is */
	const char *unique_id;		/* NULL when the platform gives none */
	unsigned int handle, phys_id;
	/*
	 * The records that name this DIMM, and their bytes: a range spread
	 * over interleaved DIMMs counts in full on each of them. Records
	 * whose DIMMs are unknown count nowhere.
	 */
	uint64_t ranges, bytes;
	/*
	 * A region this DIMM backs has a record whose DIMMs the platform could
	 * not say (an interleaved region without address translation, or not
	 * root): the counts are a lower bound, and views must not show them
	 * as the DIMM's poison.
	 */
	bool unknown;
};

/*
 * The DIMMs that back the enabled regions of @s (each once, by bus number
 * then DIMM number), with the poison of @s's records on each. A malloc'ed
 * array in *@out (free it); 0 or -ENOMEM.
 */
int pm_scan_dimms(struct ndctl_ctx *ctx, const struct pm_scan *s, struct pm_dimm **out, size_t *n);
#endif
