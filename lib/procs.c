// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysmacros.h>

#include "lib/procs.h"
#include "util/sysfs.h"

int pm_foreach_process(pm_proc_fn fn, void *arg)
{
	DIR *dp = opendir("/proc");
	struct dirent *d;
	char self[16];

	if (!dp)
		return -errno;
	snprintf(self, sizeof(self), "%d", (int)getpid());
	while ((d = readdir(dp)))
		if (isdigit((unsigned char)d->d_name[0]) && strcmp(d->d_name, self) && !fn(d->d_name, arg))
			break;
	closedir(dp);
	return 0;
}

/* "start-end perms offset maj:min inode   path": the device in hex, the path from its first '/'. */
void pm_foreach_mapping(const char *pid, pm_mapping_fn fn, void *arg)
{
	char path[PATH_MAX], line[PATH_MAX + 128];
	bool go_on = true;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	f = fopen(path, "re");
	while (f && go_on && fgets(line, sizeof(line), f)) {
		unsigned int ma, mi;
		char *file = strchr(line, '/');

		if (!file || sscanf(line, "%*s %*s %*s %x:%x", &ma, &mi) != 2)
			continue;
		file[strcspn(file, "\n")] = '\0';
		go_on = fn(makedev(ma, mi), file, arg);
	}
	if (f)
		fclose(f);
}

/* Running or sleeping; a zombie has died and only waits for its parent. */
bool pm_proc_alive(pid_t pid)
{
	char path[64], stat[256], *close_paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (sysfs_read(path, stat, sizeof(stat)))
		return false;
	close_paren = strrchr(stat, ')');
	return close_paren && close_paren[1] == ' ' && close_paren[2] != 'Z' && close_paren[2] != 'X';
}

void pm_proc_comm(const char *pid, char *comm, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	if (sysfs_read(path, comm, len))
		snprintf(comm, len, "?");
}
