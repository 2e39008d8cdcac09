/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unbinding a pmem device: what is on it (mounts, processes, system RAM),
 * whether this kernel tells the filesystem before the device goes (the
 * MF_MEM_PRE_REMOVE notification, Linux 6.7), the unbind itself through the
 * driver's sysfs file, and the evidence afterwards (kernel log, processes,
 * filesystem state). No printing.
 */
#ifndef PMEMCTL_LIB_UNBIND_H
#define PMEMCTL_LIB_UNBIND_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/mount.h"
#include "lib/procs.h"
#include "lib/namespace.h"

struct ndctl_ctx;

struct pm_proc {
	pid_t pid;
	char comm[32];
	bool maps;		/* maps a file (or the device) */
	char **paths;		/* mapped or open paths, deduplicated */
	size_t npaths;
	/* after the unbind */
	bool gone;
	bool sigbus_logged;	/* the kernel logged a SIGBUS sent to it */
};

struct pm_kernel {
	char release[65];
	unsigned int major, minor;
	bool version_ok;	/* >= 6.7: kill_dax sends MF_MEM_PRE_REMOVE */
	bool memory_failure;	/* memory_failure() is built in (CONFIG_MEMORY_FAILURE) */
	bool xfs_notify;	/* xfs_dax_notify_failure is in the running kernel */
	bool pre_remove;	/* all three */
	int early_kill;		/* vm.memory_failure_early_kill, -1 unknown */
};

struct pm_unbind {
	char ns[32];		/* namespaceX.Y */
	enum pm_mode mode;
	char target[32];	/* the device the driver is bound to: pfnX.Y, daxX.Y, btt, or the namespace */
	char driver[32];	/* its driver now ("" when not bound) */
	char blockdev[32];	/* pmemN(s), "" for devdax */
	char daxdev[32];	/* daxX.Y for devdax */
	dev_t devno;		/* the block or dax device's number, 0 if none */
	bool mounted;
	struct pm_mount mount;
	bool rmapbt_known, rmapbt;
	bool system_ram;	/* devdax online as system RAM (kmem) */
	struct pm_proc *procs;
	size_t nprocs;
	struct pm_kernel k;
};

enum pm_unbind_verdict {
	PM_UNBIND_OK,
	PM_UNBIND_NOT_BOUND,		/* nothing to unbind */
	PM_UNBIND_SYSTEM_RAM,		/* devdax online as system RAM */
	PM_UNBIND_NOT_DAX_MOUNT,	/* mounted without DAX: the block device would vanish under it */
	PM_UNBIND_NO_HOLDER,		/* ext4 / XFS without rmapbt: nobody is told */
	PM_UNBIND_OLD_KERNEL,		/* no pre-remove notification on this kernel */
};

/* Resolve @name (namespace, pmemN, pfnX.Y, daxX.Y) and look at what is on it: 0 or -ENODEV. */
int pm_unbind_inspect(struct ndctl_ctx *ctx, const char *name, struct pm_unbind *u);
void pm_unbind_free(struct pm_unbind *u);

/* Pure: whether to go on, given what is on the device and the kernel. */
enum pm_unbind_verdict pm_unbind_judge(const struct pm_unbind *u, bool unsafe_old_kernel);

/* The kernel facts, from uname, /proc/kallsyms and /proc/sys (also for tests). */
void pm_kernel_read(struct pm_kernel *k);
bool pm_kernel_version_ok(unsigned int major, unsigned int minor);

/* Write the target to its driver's unbind (or bind) file under /sys/bus/nd. */
int pm_unbind_write(const char *target, const char *driver, bool bind);

/*
 * Bind @u's target again, with the driver libndctl picks for it
 * (ndctl_{pfn,dax,btt,namespace}_enable); then u->driver names it.
 * 0 or -errno.
 */
int pm_unbind_rebind(struct ndctl_ctx *ctx, struct pm_unbind *u);

/* /dev/kmsg, from now on: open at the end; then read what came since (one line each). */
int pm_kmsg_open(void);
char **pm_kmsg_read(int fd, size_t *n);

/* Give the processes that map the device up to @wait_s seconds to die of their SIGBUS; *@stop ends it. */
void pm_unbind_wait_mappers(const struct pm_unbind *u, unsigned long long wait_s, volatile sig_atomic_t *stop);

/* After the unbind: which processes are gone, and which the kernel says it SIGBUSed. */
void pm_unbind_observe(struct pm_unbind *u, char *const *kmsg, size_t nkmsg);
#endif
