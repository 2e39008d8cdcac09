// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/inuse.h"
#include "lib/mount.h"
#include "lib/namespace.h"
#include "lib/procs.h"
#include "util/sysfs.h"

static int busy(struct pm_busy *b, enum pm_busy_kind kind, const char *who)
{
	b->kind = kind;
	snprintf(b->who, sizeof(b->who), "%s", who);
	return 1;
}

struct stack_search {
	const struct pm_stack_env *env;
	struct pm_busy *b;		/* the first mount found, else the first holder */
	char excl[64];			/* the first device of the stack someone opened O_EXCL */
	struct pm_link excl_chain[PM_STACK_DEPTH];
	unsigned int excl_n;
};

static void set_chain(struct pm_busy *b, const struct pm_link *chain, unsigned int n)
{
	memcpy(b->chain, chain, n * sizeof(*chain));
	b->nlinks = n;
}

/* O_EXCL on a block device fails with EBUSY while anyone claims it (swap, a mount, dm) */
static bool claimed(const struct pm_stack_env *env, const char *dev)
{
	char path[PATH_MAX];
	int fd;

	if (env && env->sys)
		return false;	/* a captured sysfs: its devices are not this system's */
	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	return fd < 0 && errno == EBUSY;
}

static bool mounted_here(const char *dev, dev_t devno, const struct pm_link *chain, unsigned int n, void *arg)
{
	struct stack_search *s = arg;
	struct pm_mount m;

	if (pm_mount_of(s->env ? s->env->mountinfo : NULL, devno, &m) == 0) {
		set_chain(s->b, chain, n);
		return busy(s->b, PM_BUSY_MOUNTED, m.point);
	}
	if (s->b->kind == PM_BUSY_NONE && n && chain[n - 1].kind != PM_LINK_PARTITION) {
		set_chain(s->b, chain, n);
		busy(s->b, PM_BUSY_HELD, dev);
	}
	/* a partition is a view, not a user; what is open on it is */
	if (!s->excl[0] && claimed(s->env, dev) && (!n || chain[n - 1].kind == PM_LINK_PARTITION)) {
		snprintf(s->excl, sizeof(s->excl), "%s", dev);
		memcpy(s->excl_chain, chain, n * sizeof(*chain));
		s->excl_n = n;
	}
	return false;
}

int pm_block_in_use(const struct pm_stack_env *env, const char *dev, struct pm_busy *b)
{
	struct stack_search s = { .env = env, .b = b };
	int rc;

	*b = (struct pm_busy){ .kind = PM_BUSY_NONE };
	snprintf(b->device, sizeof(b->device), "%s", dev);
	rc = pm_stack_walk(env, dev, mounted_here, &s);
	if (rc < 0)
		return rc;
	if (rc == 1 || b->kind != PM_BUSY_NONE)
		return 1;
	if (!s.excl[0])
		return 0;
	set_chain(b, s.excl_chain, s.excl_n);
	return busy(b, PM_BUSY_OPEN_EXCL, "");
}

/* A process mapping /dev/<dev>, from /proc/PID/maps. */
struct mapper_search {
	char node[64];		/* /dev/daxX.Y */
	const char *pid;	/* the process looked at */
	char found[16];		/* the first process found mapping the node */
};

static bool not_the_node(dev_t dev, const char *path, void *arg)
{
	struct mapper_search *s = arg;

	if (strcmp(path, s->node))
		return true;
	snprintf(s->found, sizeof(s->found), "%s", s->pid);
	return false;
}

static bool no_mapper_yet(const char *pid, void *arg)
{
	struct mapper_search *s = arg;

	s->pid = pid;
	pm_foreach_mapping(pid, not_the_node, s);
	return !s->found[0];
}

static int dax_in_use(const struct pm_ns_view *v, struct pm_busy *b)
{
	struct mapper_search s = { .found = "" };

	if (pm_namespace_system_ram(v->ndns))
		return busy(b, PM_BUSY_SYSTEM_RAM, "kmem");
	snprintf(s.node, sizeof(s.node), "/dev/%s", v->device);
	pm_foreach_process(no_mapper_yet, &s);
	if (s.found[0])
		return busy(b, PM_BUSY_MAPPED, s.found);
	return 0;
}

int pm_device_in_use(const struct pm_ns_view *v, struct pm_busy *b)
{
	*b = (struct pm_busy){ .kind = PM_BUSY_NONE };
	if (!v->device)
		return 0;	/* disabled namespace: nothing can use it */
	snprintf(b->device, sizeof(b->device), "%s", v->device);
	if (v->mode == PM_MODE_DEVDAX)
		return dax_in_use(v, b);
	return pm_block_in_use(NULL, v->device, b);
}
