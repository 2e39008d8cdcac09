// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lock.h"

#define LOCK_DIR "/run/lock"

int lock_take(const char *name, void (*waiting)(const char *name))
{
	char path[256];
	int fd;

	mkdir(LOCK_DIR, 01777);
	snprintf(path, sizeof(path), LOCK_DIR "/pmemctl-%s.lock", name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (errno != EWOULDBLOCK) {
		int e = errno;

		close(fd);
		return -e;
	}
	if (waiting)
		waiting(name);
	if (flock(fd, LOCK_EX) == 0)
		return fd;
	close(fd);
	return -EINTR;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
