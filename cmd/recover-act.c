// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl recover, the writes and the report: open the device (or map
 * devdax), run the planned writes under the bus lock, and report each with
 * what the kernel lists afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/recover.h"
#include "cmd/words.h"
#include "lib/fiemap.h"
#include "lib/poison.h"
#include "lib/recover-plan.h"
#include "lib/recover.h"
#include "lib/scrub.h"
#include "lib/plan.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/lock.h"
#include "util/table.h"

bool recover_is_devdax(const struct job *j)
{
	return j->t.view.mode == PM_MODE_DEVDAX;
}

/* Clear-error on data bytes @r of a devdax namespace (the job is the context). */
static int clear_data_range(void *ctx, const struct pm_range *r)
{
	const struct job *j = ctx;
	const struct pm_ns_view *v = &j->t.view;

	return pm_ars_clear_error(j->t.bus, v->region_res + v->layout.data.start + r->start, r->len);
}

/* devdax: the whole data area mapped shared; reads and stores go through it. */
static int map_devdax(const struct job *j, struct pm_rw *rw, const char *dev)
{
	uint64_t len = j->t.view.layout.data.len;

	rw->dev_fd = open(dev, O_RDWR | O_CLOEXEC);
	if (rw->dev_fd < 0) {
		pm_error(CMD, "cannot open %s: %s", dev, strerror(errno));
		return EXIT_FAIL;
	}
	rw->map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, rw->dev_fd, 0);
	if (rw->map == MAP_FAILED) {
		rw->map = NULL;
		pm_error(CMD, "cannot map %s: %s", dev, strerror(errno));
		return EXIT_FAIL;
	}
	rw->out_fd = rw->dev_fd;
	rw->clear = clear_data_range;
	rw->clear_ctx = (void *)j;
	rw->clear_unit = j->clear_unit;
	return EXIT_OK;
}

/* --from must be readable bytes before anything is cleared: a directory would fail mid-way. */
int recover_check_image(const char *image)
{
	struct stat st;

	if (!image)
		return EXIT_OK;
	if (stat(image, &st)) {
		pm_error(CMD, "--from %s: %s", image, strerror(errno));
		return EXIT_USAGE;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		pm_error(CMD, "--from %s: not a regular file or block device", image);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The image holds every byte the plan reads from it: checked before the first write. */
int recover_check_image_size(const struct job *j, const struct pm_recover_plan *plan)
{
	uint64_t need = j->image ? pm_plan_image_end(plan, j->bad, j->nbad, j->file != NULL) : 0, have = 0;
	struct stat st;
	int fd, rc = 0;

	if (!j->image)
		return EXIT_OK;
	fd = open(j->image, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || (S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &have)))
		rc = errno;
	else if (S_ISREG(st.st_mode))
		have = (uint64_t)st.st_size;
	if (fd >= 0)
		close(fd);
	if (rc) {
		pm_error(CMD, "--from %s: %s", j->image, strerror(rc));
		return EXIT_USAGE;
	}
	if (have < need) {
		pm_error(CMD, "--from %s: %llu bytes, but the recovery reads it up to byte %llu (the image "
			 "is the %s's bytes at the same offsets); nothing was written", j->image,
			 (unsigned long long)have, (unsigned long long)need, j->file ? "file" : "namespace data");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int open_fds(const struct job *j, struct pm_rw *rw)
{
	char dev[PATH_MAX];
	int rc;

	snprintf(dev, sizeof(dev), "/dev/%s", j->t.view.device);
	*rw = (struct pm_rw){ .dev_fd = -1, .out_fd = -1, .image_fd = -1 };
	if (recover_is_devdax(j)) {
		rc = map_devdax(j, rw, dev);
		if (rc != EXIT_OK)
			return rc;
	} else {
		/* good sectors are read from the block device even for files: reads
		 * through DAX fail for a whole page that holds a bad sector */
		rw->dev_fd = open(dev, (j->file ? O_RDONLY : O_RDWR) | O_DIRECT | O_CLOEXEC);
		rw->out_fd = j->file ? open(j->file, O_WRONLY | O_CLOEXEC) : rw->dev_fd;
	}
	if (j->image)
		rw->image_fd = open(j->image, O_RDONLY | O_CLOEXEC);
	if (rw->dev_fd < 0 || rw->out_fd < 0 || (j->image && rw->image_fd < 0)) {
		pm_error(CMD, "cannot open %s: %s", rw->dev_fd < 0 ? dev : rw->out_fd < 0 ? j->file : j->image,
			 strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void close_fds(const struct job *j, struct pm_rw *rw)
{
	if (rw->map)
		munmap(rw->map, j->t.view.layout.data.len);
	if (rw->out_fd >= 0 && rw->out_fd != rw->dev_fd)
		close(rw->out_fd);
	if (rw->dev_fd >= 0)
		close(rw->dev_fd);
	if (rw->image_fd >= 0)
		close(rw->image_fd);
}

/* Whether @s (the namespace's poison, scanned after writing) has a bad sector in @w. */
static bool still_listed(const struct pm_scan *s, const struct pm_range *w)
{
	struct pm_range *in;
	long n = pm_scan_data_ranges(s, PM_ALL_UNITS, w, &in);

	free(in);
	return n != 0;	/* out of memory: do not claim it cleared */
}

static void report_writes(struct job *j, struct pm_write *v, size_t n, bool interrupted)
{
	struct pm_filter f = { .namespace = ndctl_namespace_get_devname(j->t.view.ndns) };
	struct pm_scan s;
	bool scanned = pm_scan_poison(j->ctx, &f, &s) == 0;

	for (size_t i = 0; i < n; i++) {
		char why[512];

		if (!v[i].done) {
			recover_record(j, &v[i], interrupted ? "not-done" : "planned", NULL);
		} else if (v[i].r.error) {
			const char *hint = pm_recover_hint(v[i].r.failed, v[i].r.error);

			snprintf(why, sizeof(why), "%s: %s%s%s", pm_rw_step_name(v[i].r.failed), strerror(-v[i].r.error),
				 hint ? "; " : "", hint ? hint : "");
			recover_record(j, &v[i], "failed", why);
			j->failures++;
		} else if (!scanned || still_listed(&s, &v[i].w)) {
			recover_record(j, &v[i], "still-listed", "written, but the kernel still lists poison here");
			j->failures++;
		} else {
			recover_record(j, &v[i], "cleared", NULL);
		}
	}
	pm_scan_free(&s);
}

int recover_execute(struct job *j, struct pm_write *v, size_t n)
{
	const char *ns = ndctl_namespace_get_devname(j->t.view.ndns);
	uint64_t replaced = 0, size = 0;
	struct pm_rw rw;
	struct stat st;
	size_t done = 0, failed = 0;
	int lock, rc = open_fds(j, &rw);

	if (rc == EXIT_OK && j->file && fstat(rw.out_fd, &st) == 0)
		size = (uint64_t)st.st_size;
	lock = rc == EXIT_OK ? lock_take(ndctl_bus_get_devname(j->t.bus), NULL) : -1;
	for (; lock >= 0 && done < n && !pm_stop; done++) {
		rw.out_delta = rw.image_delta = j->file ? v[done].delta : 0;
		pm_recover_write(&rw, j->bad, j->nbad, &v[done].w, &v[done].r);
		v[done].done = true;
		replaced += v[done].r.replaced;
		failed += v[done].r.error != 0;
	}
	/* a page-aligned write past EOF grew the file: give it its size back */
	if (j->file && size && fstat(rw.out_fd, &st) == 0 && (uint64_t)st.st_size > size &&
	    ftruncate(rw.out_fd, (off_t)size))
		pm_error(CMD, "%s: could not restore the file size: %s", j->file, strerror(errno));
	if (lock >= 0 || rc == EXIT_OK)
		audit(CMD, "namespace=%s file=%s writes=%zu/%zu failed=%zu replaced=%llu source=%s result=%s",
		      ns, j->file ? j->file : "-", done, n, failed, (unsigned long long)replaced,
		      j->image ? j->image : "zeros",
		      pm_stop ? "interrupted" : failed ? "failed" : "done");
	lock_release(lock);
	close_fds(j, &rw);
	if (rc != EXIT_OK)
		return rc;
	if (lock < 0 && !pm_stop) {
		pm_error(CMD, "cannot take the lock for %s", ndctl_bus_get_devname(j->t.bus));
		return EXIT_FAIL;
	}
	report_writes(j, v, n, pm_stop);
	return pm_stop ? EXIT_INTERRUPTED : EXIT_OK;
}


/* ---------------------------------------------------------------- plan */

/* The writes for a file: its extents that hold poison, in device and file offsets. */
static int plan_file(struct job *j, struct pm_recover_plan *plan)
{
	struct pm_extent *e = NULL;
	size_t ne = 0;
	int fd = open(j->file, O_RDONLY | O_CLOEXEC);
	int rc = fd < 0 ? -errno : pm_file_extents(fd, true, &e, &ne);

	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = pm_plan_file(plan, e, ne, j->bad, j->nbad, j->unit);
	free(e);
	return rc;
}

int recover_plan(struct job *j, struct pm_recover_plan *plan)
{
	int rc = j->file ? plan_file(j, plan)
			 : pm_plan_range(plan, j->bad, j->nbad, j->unit, j->t.view.layout.data.len, 0);

	if (rc) {
		pm_error(CMD, "planning failed: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	return recover_check_image_size(j, plan);
}

int recover_run(struct job *j, struct pm_recover_plan *plan)
{
	int rc;

	for (size_t i = 0; i < plan->nmisaligned; i++) {
		recover_record(j, &plan->misaligned[i], "failed", "extent not aligned to the write unit");
		j->failures++;
	}
	if (j->o->dry_run) {
		for (size_t i = 0; i < plan->n; i++)
			recover_record(j, &plan->v[i], "planned", NULL);
		rc = EXIT_OK;
	} else {
		pm_catch_signals();
		rc = recover_execute(j, plan->v, plan->n);
	}
	if (rc == EXIT_OK && j->failures)
		rc = EXIT_FAIL;
	return rc;
}

int recover_plan_and_run(struct job *j)
{
	struct pm_recover_plan plan = { 0 };
	int rc = recover_plan(j, &plan);

	if (rc == EXIT_OK)
		rc = recover_run(j, &plan);
	pm_recover_plan_free(&plan);
	return rc;
}

/* Rounds after the first: the kernel's list was cut, and each round's writes shorten it. */
#define MAX_ROUNDS 64

/*
 * The kernel's list of the target was cut at its page: what the first
 * round wrote came off it, so read it again and recover what shows now,
 * until it is whole. A round that clears nothing, or a list still cut
 * after MAX_ROUNDS, leaves poison that no one can see: say so, exit 1.
 */
int recover_past_the_cut(struct job *j)
{
	const char *ns = ndctl_namespace_get_devname(j->t.view.ndns);
	int rc = EXIT_OK;

	if (j->o->dry_run) {
		if (!j->o->quiet)
			pm_note(CMD, "%s: the kernel's badblocks list is cut at its page: this plan covers the "
				"ranges before the cut; a run re-reads the list after its writes", ns);
		return EXIT_OK;
	}
	while (rc == EXIT_OK && j->cut && j->round < MAX_ROUNDS && !pm_stop) {
		j->round++;
		free(j->bad);
		j->bad = NULL;
		rc = recover_collect_poison(j);
		if (rc == EXIT_OK && !j->nbad)
			break;		/* nothing seen in the target: more rounds change nothing */
		if (rc == EXIT_OK)
			rc = recover_plan_and_run(j);
	}
	if (rc == EXIT_OK && j->cut) {
		pm_error(CMD, "%s: the kernel's badblocks list is still cut after %u rounds of writes: "
			 "poison past the cut may remain ('pmemctl list-poison -n %s' shows it)",
			 ns, j->round + 1, ns);
		rc = EXIT_FAIL;
	}
	return pm_stop ? EXIT_INTERRUPTED : rc;
}
