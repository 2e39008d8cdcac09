/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What is built on a block device: its partitions, the devices that hold
 * it (device-mapper, md), and the loop devices backed by it or by a file on
 * a filesystem on it, recursively. A write under any of them changes what
 * they show, so in-use checks (lib/inuse.h) and salvage's destination check
 * walk this graph, and say the chain ("pmem2.3 backs loop0").
 */
#ifndef PMEMCTL_LIB_STACK_H
#define PMEMCTL_LIB_STACK_H
#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

/* How deep the walk goes: enough for partition, dm, loop, partition, dm, ... */
#define PM_STACK_DEPTH 6

enum pm_link_kind {
	PM_LINK_PARTITION,	/* device: a partition of the one before */
	PM_LINK_HOLDER,		/* device: a dm or md device holding the one before */
	PM_LINK_LOOP,		/* device: a loop device over the one before */
	PM_LINK_LOOP_FILE,	/* device: a loop device over @file, on a filesystem on the one before */
};

/* One step up the stack from the device before it (or the device walked from). */
struct pm_link {
	enum pm_link_kind kind;
	char device[64];	/* without /dev/ */
	char file[PATH_MAX];	/* PM_LINK_LOOP_FILE: the backing file */
};

/* Where the walk looks: NULL members mean the running system's. */
struct pm_stack_env {
	const char *sys;	/* "/sys" */
	const char *mountinfo;	/* "/proc/self/mountinfo" */
};

/*
 * Called for @dev (number @devno) reached from the walk's start through
 * @chain[0..@n-1] (n = 0: the start itself); return true to stop the walk.
 */
typedef bool (*pm_stack_visit)(const char *dev, dev_t devno, const struct pm_link *chain,
			       unsigned int n, void *arg);

/*
 * Visit @dev and everything built on it, depth first. 1 when @fn stopped
 * the walk, 0 when it went through, -errno when @dev is not a block device
 * the sysfs knows (-ENODEV).
 */
int pm_stack_walk(const struct pm_stack_env *env, const char *dev, pm_stack_visit fn, void *arg);

/*
 * Is the block device numbered @devno @dev itself or built on it? true and
 * the chain in @chain/@n (at most PM_STACK_DEPTH links) when it is.
 */
bool pm_stack_reaches(const struct pm_stack_env *env, const char *dev, dev_t devno,
		      struct pm_link *chain, unsigned int *n);
#endif
