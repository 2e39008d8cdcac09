// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysmacros.h>

#include "util/strings.h"
#include "util/sysfs.h"

int sysfs_reread(int fd, char *buf, size_t len)
{
	ssize_t n;

	if (len == 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

int sysfs_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = sysfs_reread(fd, buf, len);
	close(fd);
	return rc;
}

int sysfs_read_devno(const char *path, dev_t *dev)
{
	char text[32], end;
	unsigned int ma, mi;
	int rc = sysfs_read(path, text, sizeof(text));

	if (rc)
		return rc;
	if (sscanf(text, "%u:%u%c", &ma, &mi, &end) != 2)
		return -EINVAL;
	*dev = makedev(ma, mi);
	return 0;
}

int sysfs_read_u64(const char *path, uint64_t *v)
{
	char text[64];
	int rc = sysfs_read(path, text, sizeof(text));

	return rc ? rc : parse_u64(text, v);
}

int sysfs_wait_notify(int fd, int timeout_ms, char *buf, size_t len)
{
	/* sysfs_notify() wakes pollers with POLLPRI|POLLERR */
	struct pollfd p = { .fd = fd, .events = POLLPRI | POLLERR };
	int rc = poll(&p, 1, timeout_ms);

	if (rc < 0)
		return -errno;
	if (rc == 0)
		return 0;
	rc = sysfs_reread(fd, buf, len);
	return rc ? rc : 1;
}
