// SPDX-License-Identifier: GPL-2.0
/*
 * A CXL memdev's poison list, read the only way the kernel gives it: a
 * write to trigger_poison_list makes the driver ask the device (Get Poison
 * List) and emit one cxl:cxl_poison event per record, synchronously, which
 * a private tracefs instance catches without disturbing rasdaemon or perf.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cxl.h"
#include "util/tracefs.h"

/* Room for a long list: a record is about 100 bytes in the ring. */
#define CXL_TRACE_KB 1024

struct drain {
	struct pm_cxl_scan *s;
	size_t m;
	const char *sysfs;
};

static int on_line(const char *line, void *arg)
{
	struct drain *d = arg;
	const char *body = tracefs_event_body(line, "cxl_poison");
	struct pm_cxl_event e;

	/* Inject/Clear events and other memdevs' lists (another reader) are not this list */
	if (!body || pm_cxl_parse_poison(body, &e) || e.type != PM_CXL_TRACE_LIST ||
	    strcmp(e.memdev, d->s->memdevs[d->m].name))
		return 0;
	return pm_cxl_add_event(d->s, d->m, &e, d->sysfs);
}

static int trigger(const char *sysfs, const char *name)
{
	char path[PATH_MAX];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/trigger_poison_list", sysfs, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, "1\n", 2) != 2)
		rc = -errno;
	close(fd);
	return rc;
}

static void read_one(struct tracefs_inst *t, struct pm_cxl_scan *s, size_t m, const char *sysfs)
{
	struct pm_cxl_memdev *md = &s->memdevs[m];
	struct drain d = { s, m, sysfs };
	unsigned long long lost = tracefs_lost(t);
	int rc = trigger(sysfs, md->name);

	/* the events are in the ring when the write returns; drain until it is empty */
	while (rc >= 0 && (rc = tracefs_drain(t, on_line, &d)) > 0)
		;
	if (rc < 0) {
		md->list = PM_CXL_LIST_FAILED;
		md->err = -rc;
	} else if (tracefs_lost(t) != lost) {
		md->list = PM_CXL_LIST_LOST;
	}
}

void pm_cxl_read_lists(struct pm_cxl_scan *s, const char *sysfs)
{
	static const char *const events[] = { "cxl/cxl_poison", NULL };
	struct tracefs_inst *t = NULL;
	int missing, rc = tracefs_open(events, CXL_TRACE_KB, &t, &missing);

	for (size_t i = 0; i < s->nmemdevs; i++) {
		struct pm_cxl_memdev *m = &s->memdevs[i];

		if (m->list != PM_CXL_LIST_READ)
			continue;
		if (rc == -EACCES || rc == -EPERM) {
			m->list = PM_CXL_LIST_NOT_ROOT;
		} else if (rc < 0) {
			m->list = PM_CXL_LIST_FAILED;
			m->err = -rc;
		} else {
			read_one(t, s, i, sysfs);
		}
	}
	tracefs_close(t);
}
