/* SPDX-License-Identifier: GPL-2.0 */
/* Address Range Scrub: state, start and wait, per nd bus (libndctl + poll). */
#ifndef PMEMCTL_LIB_SCRUB_H
#define PMEMCTL_LIB_SCRUB_H
#include <stdbool.h>

struct ndctl_bus;

struct pm_scrub_state {
	unsigned int count;	/* completed scrubs since the bus came up */
	bool running;
};

/* Whether @bus can scrub at all (an ACPI NFIT bus with ARS commands). */
bool pm_scrub_supported(struct ndctl_bus *bus);
int pm_scrub_read(struct ndctl_bus *bus, struct pm_scrub_state *st);
int pm_scrub_start(struct ndctl_bus *bus);

/* Called about once a second while waiting, with the seconds elapsed. */
typedef void (*pm_tick_fn)(void *arg, unsigned int elapsed_s);

/*
 * Wait, by poll() on the bus's scrub attribute, until a scrub that
 * completes after @count_before has finished and none is running. Returns
 * 0, -ETIMEDOUT after @timeout_s (0: no limit), -EINTR on a signal.
 */
int pm_scrub_wait(struct ndctl_bus *bus, unsigned int count_before, unsigned int timeout_s,
		  pm_tick_fn tick, void *arg);

#include <stddef.h>
#include <stdint.h>
/*
 * The ARS clear unit for [spa, spa+len): the smallest range firmware can
 * clear (ARS_CAP). -EOPNOTSUPP on buses without ARS.
 */
int pm_ars_clear_unit(struct ndctl_bus *bus, uint64_t spa, uint64_t len, unsigned int *unit);

/*
 * The platform's own poison list in [spa, spa+len): the ARS status records
 * of the last scrub, as ranges relative to @spa (clipped to the span),
 * in a malloc'ed *@out (free it). *@whole is false when the scrub is still
 * running or the platform's buffer overflowed: records are missing then.
 * 0, or -errno (-EOPNOTSUPP on buses without ARS).
 */
struct pm_range;
int pm_ars_records(struct ndctl_bus *bus, uint64_t spa, uint64_t len, struct pm_range **out,
		   size_t *n, bool *whole);

/*
 * The platform's Clear Uncorrectable Error command on [spa, spa+len),
 * which must be aligned to the clear unit. The kernel drops the cleared
 * range from its badblocks lists. The bytes there are undefined after it:
 * the caller rewrites them. 0, or -errno (-EIO when less was cleared).
 */
int pm_ars_clear_error(struct ndctl_bus *bus, uint64_t spa, uint64_t len);

/*
 * The kernel counts completed scrubs but keeps no time. pmemctl scrub and
 * monitor note when they saw one complete (/run/pmemctl/scrub-BUS: "count
 * unix-time"); the note holds while the count has not moved since.
 */
void pm_scrub_note_completed(const char *bus, unsigned int count);
/* 0 and the time when the note is about @count, -ENOENT otherwise. */
int pm_scrub_last_completed(const char *bus, unsigned int count, long long *when);
#endif
