/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words for lib/'s typed results: each message that more than one
 * command prints, or that names what lib/ found, is written here once.
 * Each function formats into @buf (and returns it), so callers choose
 * where the line goes (an error, a note, a report's "reason").
 */
#ifndef PMEMCTL_CMD_WORDS_H
#define PMEMCTL_CMD_WORDS_H
#include <stddef.h>

#include <stdbool.h>

#include "lib/inuse.h"
#include "lib/mce.h"
#include "lib/poison.h"
#include "lib/recover.h"
#include "lib/target.h"

/* The command that brings a disabled region back, as every hint names it. */
#define PM_ENABLE_REGION "ndctl enable-region"

/*
 * "/dev/pmem0 is mounted on /mnt", "dax0.0 is mapped by process 42",
 * "/dev/pmem2.3 backs loop0, mounted on /mnt/x" (the chain, lib/stack.h), ...
 */
const char *pm_busy_words(const struct pm_busy *b, char *buf, size_t len);

/* "/dev/pmem2 has partition pmem2p1, which backs loop0": what is built on @dev. */
const char *pm_chain_words(const char *dev, const struct pm_link *chain, unsigned int n, char *buf, size_t len);

/* Why pm_target_resolve() failed for @spec. */
const char *pm_target_words(const struct pm_target_spec *spec, const struct pm_target *t,
			    const struct pm_target_error *e, char *buf, size_t len);

/* No namespace or device is called @name; @disabled (or NULL) is a disabled region. */
const char *pm_no_device_words(const char *name, const char *disabled, char *buf, size_t len);

/* Why pm_scan_poison(@f) failed (s->fail). */
const char *pm_scan_words(const struct pm_filter *f, const struct pm_scan *s, char *buf, size_t len);

/* "region1, region3: disabled, so the poison there is unknown ..." */
const char *pm_disabled_note_words(const char *regions, char *buf, size_t len);

/*
 * Unit @u of @s is a disabled fsdax/devdax namespace that does not start at
 * region offset 0, and the region lists poison where the kernel looks for
 * its memmap reservation when enabling it: why enabling fails with EFAULT
 * and what clears it; NULL when there is nothing to say.
 */
const char *pm_enable_blocked_words(const struct pm_scan *s, size_t u, char *buf, size_t len);

/*
 * Which units' poison lists the kernel cut at its page (pm_unit.list):
 * unknown past the cut, or completed from the platform's ARS records.
 */
const char *pm_list_cut_words(const struct pm_scan *s, char *buf, size_t len);
/*
 * The note for poison in @device, a dax device online as system RAM (kmem):
 * what the kernel may do with those pages, and how to take them out of use.
 */
const char *pm_system_ram_words(const char *device, char *buf, size_t len);

/*
 * What an admin can do about a recovery write that failed at @step with
 * -errno @error (the range is as it was), or NULL when there is nothing
 * to add to the error itself. Pure; unit-tested.
 */
const char *pm_recover_hint(enum pm_rw_step step, int error);

/*
 * Why inject refuses a machine check or memory failure at @t: a platform
 * that is not a test platform (without --force), or memory_failure() on
 * nfit_test, whose addresses are made up (a page of real RAM may have the number).
 */
const char *pm_consume_refusal_words(const struct pm_target *t, enum pm_platform p, enum pm_consume_kind k,
				     char *buf, size_t len);

/* What failed in pm_mce_apply() (@step, the write @failed, -errno @rc). */
const char *pm_mce_step_words(const struct pm_mce_plan *p, enum pm_mce_step step, size_t failed, int rc,
			      char *buf, size_t len);

/* What the kernel did not do within the wait (the badrange, memory_failure()'s result). */
const char *pm_consume_unseen_words(bool bb_seen, bool mf_seen, bool log_read);
#endif
