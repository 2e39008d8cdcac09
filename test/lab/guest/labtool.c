// SPDX-License-Identifier: GPL-2.0
/*
 * labtool: I/O probes for the lab guest, where busybox cannot do O_DIRECT.
 *   labtool read|write  PATH OFFSET LENGTH   buffered pread/pwrite
 *   labtool dread|dwrite PATH OFFSET LENGTH  the same with O_DIRECT
 *   labtool time CMD [ARGS...]                run CMD with its output discarded,
 *                                             print its wall time in microseconds
 * Writes store the byte 0x5a. Prints "<op> <offset> <length>: ok" or
 * "...: <errno name>" and exits 0 only when the whole length transferred.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

/* Wall time of one run of argv[0], measured around fork/exec/wait only. */
static int time_command(char **argv)
{
	struct timespec a, b;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%lld\n", (long long)(b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: labtool read|write|dread|dwrite PATH OFFSET LENGTH | time CMD...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *op;
	int writing, direct, fd, err;
	long long off, len;
	ssize_t done;
	void *buf;

	if (argc >= 3 && strcmp(argv[1], "time") == 0)
		return time_command(argv + 2);
	if (argc != 5)
		return usage();
	op = argv[1];
	direct = op[0] == 'd';
	writing = strcmp(op + direct, "write") == 0;
	if (!writing && strcmp(op + direct, "read") != 0)
		return usage();
	off = strtoll(argv[3], NULL, 0);
	len = strtoll(argv[4], NULL, 0);
	if (off < 0 || len <= 0 || posix_memalign(&buf, 4096, (size_t)len))
		return usage();
	memset(buf, 0x5a, (size_t)len);
	fd = open(argv[2], (writing ? O_RDWR : O_RDONLY) | (direct ? O_DIRECT : 0));
	if (fd < 0) {
		printf("%s %s: open: %s\n", op, argv[2], strerrorname_np(errno));
		return 1;
	}
	done = writing ? pwrite(fd, buf, (size_t)len, off) : pread(fd, buf, (size_t)len, off);
	err = errno;
	if (writing && done == len && fsync(fd))
		done = -1, err = errno;
	if (done == len)
		printf("%s %lld %lld: ok\n", op, off, len);
	else if (done < 0)
		printf("%s %lld %lld: %s\n", op, off, len, strerrorname_np(err));
	else
		printf("%s %lld %lld: short (%zd)\n", op, off, len, done);
	return done == len ? 0 : 1;
}
