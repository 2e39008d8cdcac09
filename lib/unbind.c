// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <xfs/xfs.h>
#include <ndctl/libndctl.h>

#include "lib/procs.h"
#include "lib/unbind.h"
#include "util/sysfs.h"

/* ---------------------------------------------------------------- kernel */

bool pm_kernel_version_ok(unsigned int major, unsigned int minor)
{
	return major > 6 || (major == 6 && minor >= 7);
}

/* Whether /proc/kallsyms names @sym (root sees names even with zeroed addresses). */
static bool kallsyms_has(const char *sym)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], name[256];
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %255s", name) == 1 && !strcmp(name, sym);
	if (f)
		fclose(f);
	return found;
}

void pm_kernel_read(struct pm_kernel *k)
{
	struct utsname u;
	char text[16];

	memset(k, 0, sizeof(*k));
	if (uname(&u) == 0)
		snprintf(k->release, sizeof(k->release), "%s", u.release);
	sscanf(k->release, "%u.%u", &k->major, &k->minor);
	k->version_ok = pm_kernel_version_ok(k->major, k->minor);
	k->memory_failure = kallsyms_has("memory_failure");
	k->xfs_notify = kallsyms_has("xfs_dax_notify_failure");
	k->pre_remove = k->version_ok && k->memory_failure && k->xfs_notify;
	k->early_kill = sysfs_read("/proc/sys/vm/memory_failure_early_kill", text, sizeof(text)) ? -1 : atoi(text);
}

/* ---------------------------------------------------------------- device */

static void read_link_base(const char *path, char *out, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *base;

	out[0] = '\0';
	if (n <= 0)
		return;
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(out, len, "%.*s", (int)len - 1, base ? base + 1 : target);
}

/* The device that the driver binds for this namespace, and its driver. */
static void find_target(struct pm_unbind *u)
{
	char path[PATH_MAX], holder[32] = "";

	snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/holder", u->ns);
	if (sysfs_read(path, holder, sizeof(holder)))
		holder[0] = '\0';
	snprintf(u->target, sizeof(u->target), "%s", holder[0] ? holder : u->ns);
	snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/driver", u->target);
	read_link_base(path, u->driver, sizeof(u->driver));
}

static void describe(struct ndctl_namespace *ndns, const struct pm_ns_view *v, struct pm_unbind *u)
{
	char path[PATH_MAX];

	memset(u, 0, sizeof(*u));
	snprintf(u->ns, sizeof(u->ns), "%s", ndctl_namespace_get_devname(ndns));
	u->mode = v->mode;
	if (v->device && v->mode == PM_MODE_DEVDAX)
		snprintf(u->daxdev, sizeof(u->daxdev), "%s", v->device);
	else if (v->device)
		snprintf(u->blockdev, sizeof(u->blockdev), "%s", v->device);
	find_target(u);
	if (u->blockdev[0])
		snprintf(path, sizeof(path), "/sys/block/%s/dev", u->blockdev);
	else
		snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/dev", u->daxdev);
	if (!(u->blockdev[0] || u->daxdev[0]) || sysfs_read_devno(path, &u->devno))
		u->devno = 0;
	u->system_ram = u->daxdev[0] && pm_namespace_system_ram(ndns);
}

static struct ndctl_namespace *find_namespace(struct ndctl_ctx *ctx, const char *name)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	struct ndctl_namespace *ndns;
	struct pm_ns_view v;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			ndctl_namespace_foreach(region, ndns) {
				pm_view_namespace(ndns, UINT64_MAX, &v);
				if (pm_namespace_matches(&v, name, PM_MODE_NONE))
					return ndns;
			}
	return NULL;
}

/* ---------------------------------------------------------------- users */

static bool xfs_rmapbt(const char *point, bool *known)
{
	struct xfs_fsop_geom g;
	int fd = open(point, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool on = false;

	*known = fd >= 0 && ioctl(fd, XFS_IOC_FSGEOMETRY, &g) == 0;
	if (*known)
		on = !!(g.flags & XFS_FSOP_GEOM_FLAGS_RMAPBT);
	if (fd >= 0)
		close(fd);
	return on;
}

struct proc_scan {
	struct pm_unbind *u;
	struct pm_proc p;	/* the process being looked at */
};

static int add_path(struct pm_proc *p, const char *path)
{
	char **g;

	for (size_t i = 0; i < p->npaths; i++)
		if (!strcmp(p->paths[i], path))
			return 0;
	g = realloc(p->paths, (p->npaths + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	p->paths = g;
	p->paths[p->npaths] = strdup(path);
	return p->paths[p->npaths++] ? 0 : -ENOMEM;
}

/* Mappings of files on the device's filesystem, or of the devdax node itself. */
static bool note_mapping(dev_t dev, const char *file, void *arg)
{
	struct proc_scan *ps = arg;
	const struct pm_unbind *u = ps->u;

	if ((u->blockdev[0] && dev == u->devno) ||
	    (u->daxdev[0] && !strncmp(file, "/dev/", 5) && !strcmp(file + 5, u->daxdev))) {
		ps->p.maps = true;
		add_path(&ps->p, file);
	}
	return true;
}

/* Open files on the device's filesystem, or the device node itself. */
static void scan_fds(const struct pm_unbind *u, const char *pid, struct pm_proc *p)
{
	char dir[PATH_MAX], link[PATH_MAX + 300], target[PATH_MAX];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	dp = opendir(dir);
	while (dp && (d = readdir(dp))) {
		struct stat st;
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", dir, d->d_name);
		if (d->d_name[0] == '.' || stat(link, &st))
			continue;
		if (!(st.st_dev == u->devno && u->blockdev[0]) &&
		    !((S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) && st.st_rdev == u->devno))
			continue;
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			add_path(p, target);
		}
	}
	if (dp)
		closedir(dp);
}

/* One process: what it maps or has open on the device; kept when anything. */
static bool scan_process(const char *pid, void *arg)
{
	struct proc_scan *ps = arg;
	struct pm_unbind *u = ps->u;
	struct pm_proc *g;

	memset(&ps->p, 0, sizeof(ps->p));
	pm_foreach_mapping(pid, note_mapping, ps);
	scan_fds(u, pid, &ps->p);
	if (!ps->p.npaths)
		return true;
	ps->p.pid = (pid_t)atoi(pid);
	pm_proc_comm(pid, ps->p.comm, sizeof(ps->p.comm));
	g = realloc(u->procs, (u->nprocs + 1) * sizeof(*g));
	if (!g)
		return false;
	u->procs = g;
	u->procs[u->nprocs++] = ps->p;
	return true;
}

int pm_unbind_inspect(struct ndctl_ctx *ctx, const char *name, struct pm_unbind *u)
{
	struct ndctl_namespace *ndns = find_namespace(ctx, name);
	struct pm_ns_view v;
	struct proc_scan ps = { .u = u };

	memset(u, 0, sizeof(*u));
	if (!ndns)
		return -ENODEV;
	pm_view_namespace(ndns, UINT64_MAX, &v);
	describe(ndns, &v, u);
	u->mounted = u->blockdev[0] && pm_mount_of(NULL, u->devno, &u->mount) == 0;
	if (u->mounted && !strcmp(u->mount.fstype, "xfs"))
		u->rmapbt = xfs_rmapbt(u->mount.point, &u->rmapbt_known);
	pm_kernel_read(&u->k);
	return pm_foreach_process(scan_process, &ps);
}

void pm_unbind_free(struct pm_unbind *u)
{
	for (size_t i = 0; i < u->nprocs; i++) {
		for (size_t k = 0; k < u->procs[i].npaths; k++)
			free(u->procs[i].paths[k]);
		free(u->procs[i].paths);
	}
	free(u->procs);
	u->procs = NULL;
	u->nprocs = 0;
}

enum pm_unbind_verdict pm_unbind_judge(const struct pm_unbind *u, bool unsafe_old_kernel)
{
	if (!u->driver[0])
		return PM_UNBIND_NOT_BOUND;
	if (u->system_ram)
		return PM_UNBIND_SYSTEM_RAM;
	if (!u->mounted)
		return PM_UNBIND_OK;
	if (!u->mount.dax)
		return PM_UNBIND_NOT_DAX_MOUNT;
	if (strcmp(u->mount.fstype, "xfs") || !u->rmapbt)
		return PM_UNBIND_NO_HOLDER;
	if (!u->k.pre_remove && !unsafe_old_kernel)
		return PM_UNBIND_OLD_KERNEL;
	return PM_UNBIND_OK;
}

/* ---------------------------------------------------------------- action */

int pm_unbind_write(const char *target, const char *driver, bool bind)
{
	char path[PATH_MAX];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/nd/drivers/%s/%s", driver, bind ? "bind" : "unbind");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, target, strlen(target));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

int pm_unbind_rebind(struct ndctl_ctx *ctx, struct pm_unbind *u)
{
	struct ndctl_namespace *ndns = find_namespace(ctx, u->ns);
	struct ndctl_pfn *pfn = ndns ? ndctl_namespace_get_pfn(ndns) : NULL;
	struct ndctl_dax *dax = ndns ? ndctl_namespace_get_dax(ndns) : NULL;
	struct ndctl_btt *btt = ndns ? ndctl_namespace_get_btt(ndns) : NULL;
	int rc;

	if (!ndns)
		return -ENODEV;
	if (pfn && !strcmp(ndctl_pfn_get_devname(pfn), u->target))
		rc = ndctl_pfn_enable(pfn);
	else if (dax && !strcmp(ndctl_dax_get_devname(dax), u->target))
		rc = ndctl_dax_enable(dax);
	else if (btt && !strcmp(ndctl_btt_get_devname(btt), u->target))
		rc = ndctl_btt_enable(btt);
	else
		rc = ndctl_namespace_enable(ndns);
	if (rc == 0)
		find_target(u);
	return rc < 0 ? rc : rc > 0 ? -ENXIO : 0;
}

int pm_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Records are "prio,seq,usec,flags;message\n" plus continuation lines; keep the message. */
char **pm_kmsg_read(int fd, size_t *n)
{
	char rec[8192], **v = NULL;

	*n = 0;
	for (;;) {
		ssize_t len = read(fd, rec, sizeof(rec) - 1);
		char *msg, **g;

		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on with what is there */
		if (len <= 0)
			break;
		rec[len] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		g = realloc(v, (*n + 1) * sizeof(*g));
		if (!g)
			break;
		v = g;
		v[(*n)++] = strdup(msg);
	}
	return v;
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

void pm_unbind_wait_mappers(const struct pm_unbind *u, unsigned long long wait_s, volatile sig_atomic_t *stop)
{
	for (unsigned long long ms = 0; ms < wait_s * 1000 && !*stop; ms += 100) {
		bool any = false;

		for (size_t i = 0; i < u->nprocs; i++)
			any |= u->procs[i].maps && pm_proc_alive(u->procs[i].pid);
		if (!any)
			return;
		sleep_ms(100);
	}
}

void pm_unbind_observe(struct pm_unbind *u, char *const *kmsg, size_t nkmsg)
{
	for (size_t i = 0; i < u->nprocs; i++) {
		struct pm_proc *p = &u->procs[i];
		char who[64];

		p->gone = !pm_proc_alive(p->pid);
		/* memory-failure.c: "... Sending SIGBUS to COMM:PID due to hardware memory corruption" */
		snprintf(who, sizeof(who), "SIGBUS to %s:%d ", p->comm, (int)p->pid);
		for (size_t k = 0; k < nkmsg && !p->sigbus_logged; k++)
			p->sigbus_logged = kmsg[k] && strstr(kmsg[k], who);
	}
}
