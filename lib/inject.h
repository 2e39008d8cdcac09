/* SPDX-License-Identifier: GPL-2.0 */
/* Error injection through the ACPI NFIT ARS error-inject DSMs (libndctl). */
#ifndef PMEMCTL_LIB_INJECT_H
#define PMEMCTL_LIB_INJECT_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/range.h"

struct ndctl_bus;
struct ndctl_namespace;
struct pm_target;

enum pm_inject_flags {
	PM_INJECT_NOTIFY = 1 << 0,	/* ask firmware to raise the UC error notification */
	PM_INJECT_SATURATE = 1 << 1,	/* whole blocks, not one clear unit per block */
};

bool pm_bus_can_inject(struct ndctl_bus *bus);

/*
 * Inject (or, with @uninject, clear the injection of) @t's blocks, one block
 * per firmware call so that a signal (setting *@stop) stops between blocks.
 * Notification is requested with the last block only: one notification
 * makes the kernel scrub, and a scrub finds every injected block.
 * *@done counts the blocks handled. Returns 0, -EINTR (stopped) or -errno.
 */
int pm_inject_blocks(const struct pm_target *t, bool uninject, unsigned int flags,
		     volatile sig_atomic_t *stop, uint64_t *done);

/*
 * What firmware reports as injected in @ndns, as data-relative byte ranges
 * (a malloc'ed array in *@ranges, *@n entries).
 */
int pm_injection_status(struct ndctl_namespace *ndns, struct pm_range **ranges, size_t *n);
#endif
