/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Other processes and what they map, from /proc: who keeps a device busy
 * (lib/inuse.c) and who an unbind will hit (lib/unbind.c).
 */
#ifndef PMEMCTL_LIB_PROCS_H
#define PMEMCTL_LIB_PROCS_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Called per process with its pid ("1234"); return false to stop. */
typedef bool (*pm_proc_fn)(const char *pid, void *arg);

/* Every process but this one; -errno when /proc cannot be read. */
int pm_foreach_process(pm_proc_fn fn, void *arg);

/*
 * Called per mapping of a file: @dev is the device of the file's filesystem
 * (or of a device node's own filesystem, e.g. devtmpfs), @path its path as
 * /proc/PID/maps shows it. Return false to stop.
 */
typedef bool (*pm_mapping_fn)(dev_t dev, const char *path, void *arg);

/* The file mappings of process @pid; those of a process gone meanwhile are none. */
void pm_foreach_mapping(const char *pid, pm_mapping_fn fn, void *arg);

/* Whether @pid runs (not gone, not a zombie). */
bool pm_proc_alive(pid_t pid);

/* The command name of @pid, "?" when it cannot be read. */
void pm_proc_comm(const char *pid, char *comm, size_t len);
#endif
