// SPDX-License-Identifier: GPL-2.0
/*
 * labtool: I/O probes for the lab guest, where busybox cannot do O_DIRECT.
 *   labtool read|write  PATH OFFSET LENGTH   buffered pread/pwrite
 *   labtool dread|dwrite PATH OFFSET LENGTH  the same with O_DIRECT
 *   labtool mread|mwrite PATH OFFSET LENGTH   the same through a MAP_SHARED
 *                                             mapping (devdax), SIGBUS reported
 *   labtool mcat|mload PATH OFFSET LENGTH     copy a mapped range to stdout, or
 *                                             stdin into it (devdax contents)
 *   labtool mhold PATH SECONDS                hold a mapping of the first page
 *   labtool mwait PATH OFFSET SECONDS         early-kill holder: map the page at
 *                                             OFFSET, touch it, print "ready", and
 *                                             wait for a SIGBUS: its si_code and lsb
 *   labtool now                               CLOCK_REALTIME in microseconds
 *   labtool us ISO-TIME                       "2026-11-22T03:30:01.123456Z" in microseconds
 *   labtool time CMD [ARGS...]                run CMD with its output discarded,
 *                                             print its wall time in microseconds
 *   labtool tee FILE CMD [ARGS...]            run CMD with its standard output
 *                                             copied to FILE too (see tee_command)
 * Writes store the byte 0x5a. Prints "<op> <offset> <length>: ok" or
 * "...: <errno name>" and exits 0 only when the whole length transferred.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

/* Wall time of one run of argv[0], measured around fork/exec/wait only. */
/* An offset or length: decimal or 0x hex, as pmemctl reads numbers (never octal). */
static long long num(const char *s)
{
	int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	return strtoll(hex ? s + 2 : s, NULL, hex ? 16 : 10);
}

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

static volatile sig_atomic_t tee_child;

static void pass_on(int sig)
{
	if (tee_child > 0)
		kill(tee_child, sig);
}

static int write_all(int fd, const char *p, ssize_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= w;
	}
	return 0;
}

/*
 * The lab keeps every JSON pmemctl prints for validation, also that of calls
 * the tests run in the background and signal: CMD's standard output goes
 * through a pipe to ours and to FILE, and the signals a test sends to this
 * process (its $!) are passed on to CMD. CMD starts with the signal
 * dispositions we were given (a background job's ignored SIGINT too), and we
 * end as it ended: its exit status, or the signal that killed it. When our own
 * output fails (a closed pipe), CMD's pipe closes too, as if it wrote there
 * itself; FILE is then partial and removed, as is an empty FILE.
 */
static int tee_command(const char *path, char **argv)
{
	static const int passed[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	struct sigaction sa = { .sa_handler = pass_on, .sa_flags = SA_RESTART };
	int p[2], fd, status, i, whole = 1;
	sigset_t set, old;
	static char buf[65536];
	ssize_t n;
	pid_t pid;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || pipe2(p, O_CLOEXEC)) {
		perror(path);
		return 127;
	}
	sigemptyset(&set);
	for (i = 0; i < (int)(sizeof(passed) / sizeof(passed[0])); i++)
		sigaddset(&set, passed[i]);
	sigprocmask(SIG_BLOCK, &set, &old);	/* until CMD's pid is known */
	pid = fork();
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		dup2(p[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0) {
		perror("fork");
		return 127;
	}
	tee_child = pid;
	close(p[1]);
	for (i = 0; i < (int)(sizeof(passed) / sizeof(passed[0])); i++)
		sigaction(passed[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	for (;;) {
		n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (write_all(STDOUT_FILENO, buf, n)) {
			whole = 0;
			break;
		}
		if (write_all(fd, buf, n))
			whole = 0;
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!whole || lseek(fd, 0, SEEK_END) == 0)
		unlink(path);
	close(fd);
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

static sigjmp_buf bus_jmp;
static volatile sig_atomic_t bus_code;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	bus_code = si->si_code;
	siglongjmp(bus_jmp, 1);
}

/* Copy through a mapping of [off, off+len) (page aligned); a SIGBUS is reported, not fatal. */
static int mapped_io(const char *op, const char *path, long long off, long long len, int writing)
{
	int streaming = op[1] == 'c' || op[1] == 'l';
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	volatile long long i = 0;
	unsigned char *m;
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		printf("%s %s: open: %s\n", op, path, strerrorname_np(errno));
		return 1;
	}
	m = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	if (m == MAP_FAILED) {
		printf("%s %lld %lld: mmap: %s\n", op, off, len, strerrorname_np(errno));
		return 1;
	}
	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(bus_jmp, 1)) {
		fprintf(streaming ? stderr : stdout, "%s %lld %lld: SIGBUS code %d at +%lld\n", op, off, len,
			(int)bus_code, (long long)i);
		return 1;
	}
	while (i < len) {
		static unsigned char chunk[65536];
		size_t n = (size_t)(len - i) < sizeof(chunk) ? (size_t)(len - i) : sizeof(chunk);

		if (streaming && writing) {
			n = fread(chunk, 1, n, stdin);
			if (n == 0)
				break;
			memcpy(m + i, chunk, n);
		} else if (streaming) {
			memcpy(chunk, m + i, n);
			fwrite(chunk, 1, n, stdout);
		} else if (writing) {
			memset(m + i, 0x5a, n);
		} else {
			memcpy(chunk, m + i, n);
		}
		i += (long long)n;
	}
	fflush(stdout);
	/* device-dax has no msync (EINVAL): its stores need no writeback */
	if (writing && msync(m, (size_t)len, MS_SYNC) && errno != EINVAL) {
		printf("%s %lld %lld: msync: %s\n", op, off, len, strerrorname_np(errno));
		return 1;
	}
	if (!streaming)
		printf("%s %lld %lld: ok\n", op, off, len);
	return 0;
}

static int hold_mapping(const char *path, int seconds)
{
	int fd = open(path, O_RDWR);
	volatile unsigned char *m = fd < 0 ? MAP_FAILED :
		mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (m == MAP_FAILED) {
		printf("mhold %s: %s\n", path, strerrorname_np(errno));
		return 1;
	}
	(void)m[0];
	sleep((unsigned int)seconds);
	return 0;
}

static volatile sig_atomic_t got_code, got_lsb;

static void on_sigbus_wait(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	got_code = si->si_code;
	got_lsb = si->si_addr_lsb;
}

/* A process that asks to be told early (PR_MCE_KILL_EARLY) of poison in a page it maps. */
static int wait_sigbus(const char *path, long long off, int seconds)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus_wait, .sa_flags = SA_SIGINFO };
	int fd = open(path, O_RDWR);
	volatile unsigned char *m = fd < 0 ? MAP_FAILED :
		mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);

	if (m == MAP_FAILED || prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0)) {
		printf("mwait %s: %s\n", path, strerrorname_np(errno));
		return 1;
	}
	sigaction(SIGBUS, &sa, NULL);
	(void)m[0];
	printf("mwait %lld: ready pid %d\n", off, (int)getpid());
	fflush(stdout);
	for (int i = 0; i < seconds * 10 && !got_code; i++)
		usleep(100000);
	if (!got_code) {
		printf("mwait %lld: no SIGBUS\n", off);
		return 1;
	}
	printf("mwait %lld: SIGBUS %s lsb %d\n", off, got_code == BUS_MCEERR_AO ? "BUS_MCEERR_AO" :
	       got_code == BUS_MCEERR_AR ? "BUS_MCEERR_AR" : "other", (int)got_lsb);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: labtool read|write|dread|dwrite|mread|mwrite|mcat|mload PATH OFFSET LENGTH | time CMD... | tee FILE CMD...\n");
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
	if (argc >= 4 && strcmp(argv[1], "tee") == 0)
		return tee_command(argv[2], argv + 3);
	if (argc == 2 && strcmp(argv[1], "now") == 0) {
		struct timespec t;

		clock_gettime(CLOCK_REALTIME, &t);
		printf("%lld\n", (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "us") == 0) {
		struct tm tm = { 0 };
		long frac = 0;

		if (sscanf(argv[2], "%d-%d-%dT%d:%d:%d.%ldZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &frac) != 7)
			return usage();
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		printf("%lld\n", (long long)timegm(&tm) * 1000000 + frac);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "mwait") == 0)
		return wait_sigbus(argv[2], num(argv[3]), atoi(argv[4]));
	if (argc == 4 && strcmp(argv[1], "mhold") == 0)
		return hold_mapping(argv[2], atoi(argv[3]));
	if (argc != 5)
		return usage();
	op = argv[1];
	if (!strcmp(op, "mread") || !strcmp(op, "mwrite") || !strcmp(op, "mcat") || !strcmp(op, "mload"))
		return mapped_io(op, argv[2], num(argv[3]), num(argv[4]),
				 op[1] == 'w' || op[1] == 'l');
	direct = op[0] == 'd';
	writing = strcmp(op + direct, "write") == 0;
	if (!writing && strcmp(op + direct, "read") != 0)
		return usage();
	off = num(argv[3]);
	len = num(argv[4]);
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
