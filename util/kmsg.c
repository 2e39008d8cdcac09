// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "util/kmsg.h"

int kmsg_open_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

/* "prio,seq,time,flags;text\n key=value..." -> "text" */
static void text_of(char *rec, size_t n, char *buf, size_t len)
{
	char *semi = memchr(rec, ';', n), *nl;

	rec[n] = '\0';
	if (semi)
		rec = semi + 1;
	if ((nl = strchr(rec, '\n')))
		*nl = '\0';
	strncpy(buf, rec, len - 1);
	buf[len - 1] = '\0';
}

int kmsg_next(int fd, int timeout_ms, char *buf, size_t len)
{
	char rec[8192];

	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		struct pollfd p = { fd, POLLIN, 0 };
		int r;

		if (n > 0) {
			text_of(rec, (size_t)n, buf, len);
			return 1;
		}
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten before we read it: go on with the next */
		if (n < 0 && errno != EAGAIN)
			return errno == EINTR ? -EINTR : -errno;
		r = poll(&p, 1, timeout_ms);
		if (r < 0)
			return -errno;
		if (r == 0)
			return 0;
	}
}
