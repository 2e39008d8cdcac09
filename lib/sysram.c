// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sysram.h"
#include "util/sysfs.h"

bool pm_dax_bound_to_kmem(const char *sysfs, const char *dax)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/bus/dax/devices/%s/driver", sysfs, dax);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/');
	return strcmp(base ? base + 1 : target, "kmem") == 0;
}

/* memory/block_size_bytes is hex without "0x" (the kernel prints it with %lx) */
static int block_size(const char *sysfs, uint64_t *size)
{
	char path[PATH_MAX], text[32], *end;
	int rc;

	snprintf(path, sizeof(path), "%s/devices/system/memory/block_size_bytes", sysfs);
	rc = sysfs_read(path, text, sizeof(text));
	if (rc)
		return rc;
	errno = 0;
	*size = strtoull(text, &end, 16);
	return errno || end == text || *end || *size == 0 ? -EINVAL : 0;
}

int pm_memory_block_online(const char *sysfs, uint64_t spa)
{
	char path[PATH_MAX], state[32];
	uint64_t size;
	int rc = block_size(sysfs, &size);

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/devices/system/memory/memory%llu/state", sysfs,
		 (unsigned long long)(spa / size));
	rc = sysfs_read(path, state, sizeof(state));
	if (rc == -ENOENT)
		return 0;
	return rc ? rc : strcmp(state, "online") == 0;
}

enum pm_sysram pm_sysram_at(const char *sysfs, bool has_spa, uint64_t spa)
{
	int online = has_spa ? pm_memory_block_online(sysfs, spa) : -EACCES;

	return online < 0 ? PM_SYSRAM_UNKNOWN : online ? PM_SYSRAM_YES : PM_SYSRAM_NO;
}
