// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <ndctl/libndctl.h>
#include <linux/ndctl.h>	/* ND_CMD_*; ndctl/ndctl.h needs ccan headers Debian lacks */

#include "lib/range.h"
#include "lib/scrub.h"
#include "util/sysfs.h"

bool pm_scrub_supported(struct ndctl_bus *bus)
{
	return ndctl_bus_has_nfit(bus) && ndctl_bus_is_cmd_supported(bus, ND_CMD_ARS_START) &&
	       ndctl_bus_is_cmd_supported(bus, ND_CMD_ARS_STATUS);
}

int pm_scrub_read(struct ndctl_bus *bus, struct pm_scrub_state *st)
{
	unsigned int count = ndctl_bus_get_scrub_count(bus);
	int state = ndctl_bus_get_scrub_state(bus);

	if (count == UINT_MAX || state < 0)
		return -ENXIO;
	st->count = count;
	st->running = state > 0;
	return 0;
}

int pm_scrub_start(struct ndctl_bus *bus)
{
	return ndctl_bus_start_scrub(bus);
}

/* The attribute reads "N" when idle and "N+" while a scrub runs. */
static bool scrub_done(const char *text, unsigned int count_before)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	return end != text && *end != '+' && n > count_before;
}

static unsigned int seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned int)(now.tv_sec - t0->tv_sec);
}

int pm_scrub_wait(struct ndctl_bus *bus, unsigned int count_before, unsigned int timeout_s,
		  pm_tick_fn tick, void *arg)
{
	char path[PATH_MAX], text[32];
	struct timespec t0;
	int fd, rc;

	snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/nfit/scrub", ndctl_bus_get_devname(bus));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (rc = sysfs_reread(fd, text, sizeof(text)); rc >= 0;) {
		unsigned int elapsed = seconds_since(&t0);
		int wait_ms = -1;

		if (scrub_done(text, count_before)) {
			rc = 0;
			break;
		}
		if (timeout_s && elapsed >= timeout_s) {
			rc = -ETIMEDOUT;
			break;
		}
		if (tick) {
			tick(arg, elapsed);
			wait_ms = 1000;		/* wake to redraw the progress line */
		} else if (timeout_s) {	/* in 64 bits: a long timeout must not wrap */
			uint64_t ms = (uint64_t)(timeout_s - elapsed) * 1000;

			wait_ms = ms > INT_MAX ? INT_MAX : (int)ms;
		}
		rc = sysfs_wait_notify(fd, wait_ms, text, sizeof(text));
		if (rc == 0)	/* no notification: read anyway, one may have been missed */
			rc = sysfs_reread(fd, text, sizeof(text));
	}
	close(fd);
	return rc;
}

/*
 * An ARS capability command for [spa, spa + len), submitted: both the clear
 * unit and a clear-error command come from it. NULL with *rc set on error.
 */
static struct ndctl_cmd *submitted_ars_cap(struct ndctl_bus *bus, uint64_t spa, uint64_t len, int *rc)
{
	struct ndctl_cmd *cap;

	*rc = pm_scrub_supported(bus) ? 0 : -EOPNOTSUPP;
	cap = *rc ? NULL : ndctl_bus_cmd_new_ars_cap(bus, spa, len);
	if (!cap) {
		*rc = *rc ? *rc : -ENOMEM;
		return NULL;
	}
	*rc = ndctl_cmd_submit(cap);
	if (*rc) {
		*rc = *rc < 0 ? *rc : -EIO;
		ndctl_cmd_unref(cap);
		return NULL;
	}
	return cap;
}

int pm_ars_clear_unit(struct ndctl_bus *bus, uint64_t spa, uint64_t len, unsigned int *unit)
{
	int rc;
	struct ndctl_cmd *cap = submitted_ars_cap(bus, spa, len, &rc);

	*unit = cap ? ndctl_cmd_ars_cap_get_clear_unit(cap) : 0;
	if (cap)
		ndctl_cmd_unref(cap);
	if (rc)
		return rc;
	return *unit ? 0 : -EINVAL;
}

/* Record @i of @st clipped to [spa, spa+len), relative to @spa; false when outside. */
static bool ars_record(struct ndctl_cmd *st, unsigned int i, uint64_t spa, uint64_t len,
		       struct pm_range *r)
{
	uint64_t a = ndctl_cmd_ars_get_record_addr(st, i);
	uint64_t e = a + ndctl_cmd_ars_get_record_len(st, i);

	a = a < spa ? spa : a;
	e = e > spa + len ? spa + len : e;
	if (e <= a)
		return false;
	*r = (struct pm_range){ a - spa, e - a };
	return true;
}

int pm_ars_records(struct ndctl_bus *bus, uint64_t spa, uint64_t len, struct pm_range **out,
		   size_t *n, bool *whole)
{
	int rc;
	struct ndctl_cmd *cap = submitted_ars_cap(bus, spa, len, &rc), *st = NULL;
	unsigned int nrec;

	*out = NULL;
	*n = 0;
	*whole = false;
	if (!cap)
		return rc;
	st = ndctl_bus_cmd_new_ars_status(cap);
	rc = st ? ndctl_cmd_submit(st) : -ENOMEM;
	nrec = rc ? 0 : ndctl_cmd_ars_num_records(st);
	*out = rc ? NULL : calloc(nrec + 1, sizeof(**out));
	if (!rc && !*out)
		rc = -ENOMEM;
	for (unsigned int i = 0; !rc && i < nrec; i++)
		*n += ars_record(st, i, spa, len, &(*out)[*n]);
	if (!rc)
		*whole = !ndctl_cmd_ars_in_progress(st) && !ndctl_cmd_ars_stat_get_flag_overflow(st);
	if (st)
		ndctl_cmd_unref(st);
	ndctl_cmd_unref(cap);
	return rc > 0 ? -EIO : rc;
}

int pm_ars_clear_error(struct ndctl_bus *bus, uint64_t spa, uint64_t len)
{
	int rc;
	struct ndctl_cmd *cap = submitted_ars_cap(bus, spa, len, &rc), *clear = NULL;

	if (!cap)
		return rc;
	clear = ndctl_bus_cmd_new_clear_error(spa, len, cap);
	if (!clear)
		rc = -EOPNOTSUPP;	/* no clear-error function on this bus */
	if (rc == 0)
		rc = ndctl_cmd_submit(clear);
	if (rc == 0 && ndctl_cmd_clear_error_get_cleared(clear) < len)
		rc = -EIO;
	if (clear)
		ndctl_cmd_unref(clear);
	ndctl_cmd_unref(cap);
	return rc > 0 ? -EIO : rc;
}

#define STATE_DIR "/run/pmemctl"

void pm_scrub_note_completed(const char *bus, unsigned int count)
{
	char path[128], tmp[140];
	FILE *f;

	mkdir(STATE_DIR, 0755);	/* only root can; others simply leave no note */
	snprintf(path, sizeof(path), STATE_DIR "/scrub-%s", bus);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	fprintf(f, "%u %lld\n", count, (long long)time(NULL));
	if (fclose(f) == 0)
		rename(tmp, path);	/* readers see the old note or the new one */
}

int pm_scrub_last_completed(const char *bus, unsigned int count, long long *when)
{
	char path[128];
	unsigned int c;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), STATE_DIR "/scrub-%s", bus);
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	n = fscanf(f, "%u %lld", &c, when);
	fclose(f);
	return n == 2 && c == count ? 0 : -ENOENT;
}
