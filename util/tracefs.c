// SPDX-License-Identifier: GPL-2.0
/* A private tracefs instance read as text lines (see tracefs.h). */
#include "tracefs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mntent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define INSTANCE_PREFIX "pmemctl-"
#define DEFAULT_MOUNT "/sys/kernel/tracing"
#define LINE_MAX_BYTES 4096

struct tracefs_inst {
	char dir[PATH_MAX];
	int pipe_fd;
	const char *const *events;
	size_t used;		/* bytes of a partial line kept in buf */
	char buf[2 * LINE_MAX_BYTES];
};

static int mounted_tracefs(char *buf, size_t len)
{
	FILE *f = setmntent("/proc/self/mounts", "r");
	struct mntent *m;
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while ((m = getmntent(f))) {
		if (strcmp(m->mnt_type, "tracefs") != 0)
			continue;
		if (snprintf(buf, len, "%s", m->mnt_dir) >= (int)len)
			ret = -ERANGE;
		else
			ret = 0;
		/* the canonical place wins over debugfs's tracing/ */
		if (strcmp(m->mnt_dir, DEFAULT_MOUNT) == 0)
			break;
	}
	endmntent(f);
	return ret;
}

static bool kernel_has_tracefs(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/filesystems", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "\ttracefs") != NULL;
	fclose(f);
	return found;
}

int tracefs_root(char *buf, size_t len)
{
	int ret = mounted_tracefs(buf, len);

	if (ret != -ENOENT)
		return ret;
	if (!kernel_has_tracefs())
		return -ENODEV;
	if (mount("nodev", DEFAULT_MOUNT, "tracefs", 0, NULL) != 0)
		return errno == ENOENT ? -ENODEV : -errno;
	return mounted_tracefs(buf, len);
}

static int write_file(const char *dir, const char *name, const char *value)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, ret = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != strlen(value))
		ret = -EIO;
	close(fd);
	return ret;
}

/* Instances of pmemctl processes that died without tracefs_close. */
static void remove_stale_instances(const char *instances)
{
	DIR *d = opendir(instances);
	struct dirent *e;
	char path[PATH_MAX];

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *end;
		long pid;

		if (strncmp(e->d_name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)) != 0)
			continue;
		pid = strtol(e->d_name + strlen(INSTANCE_PREFIX), &end, 10);
		if (*end == '.')	/* a process's second and later instances: pmemctl-<pid>.<n> */
			(void)strtol(end + 1, &end, 10);
		if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", instances, e->d_name) < (int)sizeof(path))
			(void)rmdir(path);
	}
	closedir(d);
}

static int enable_events(struct tracefs_inst *t, const char *const *events, const char *const *filters,
			 int *missing)
{
	char name[PATH_MAX];
	int i, ret;

	for (i = 0; events[i]; i++) {
		ret = 0;
		if (filters && filters[i]) {
			if (snprintf(name, sizeof(name), "events/%s/filter", events[i]) >= (int)sizeof(name))
				return -ENAMETOOLONG;
			ret = write_file(t->dir, name, filters[i]);
		}
		if (snprintf(name, sizeof(name), "events/%s/enable", events[i]) >= (int)sizeof(name))
			return -ENAMETOOLONG;
		if (ret == 0)
			ret = write_file(t->dir, name, "1");
		if (ret < 0) {
			if (missing)
				*missing = i;
			return ret;
		}
	}
	return 0;
}

static int create_instance(struct tracefs_inst *t, unsigned buffer_kb)
{
	char root[PATH_MAX], instances[PATH_MAX + 16], kb[32];
	int ret = tracefs_root(root, sizeof(root));

	if (ret < 0)
		return ret;
	snprintf(instances, sizeof(instances), "%s/instances", root);
	remove_stale_instances(instances);
	/*
	 * The first free name: monitor holds several instances at once (machine
	 * checks, CXL) and lists CXL poison through one more.
	 */
	for (unsigned n = 1;; n++) {
		if (n == 1)
			ret = snprintf(t->dir, sizeof(t->dir), "%s/" INSTANCE_PREFIX "%ld", instances, (long)getpid());
		else
			ret = snprintf(t->dir, sizeof(t->dir), "%s/" INSTANCE_PREFIX "%ld.%u", instances,
				       (long)getpid(), n);
		if (ret >= (int)sizeof(t->dir)) {
			t->dir[0] = 0;
			return -ENAMETOOLONG;
		}
		if (mkdir(t->dir, 0700) == 0)
			break;
		ret = errno;
		t->dir[0] = 0;	/* not ours: tracefs_close must not touch it */
		if (ret != EEXIST || n >= 64)
			return ret == ENOENT ? -ENODEV : -ret;
	}
	ret = 0;
	if (buffer_kb) {
		snprintf(kb, sizeof(kb), "%u", buffer_kb);
		ret = write_file(t->dir, "buffer_size_kb", kb);
	}
	return ret;
}

int tracefs_open(const char *const *events, unsigned buffer_kb, struct tracefs_inst **out,
		 int *missing)
{
	return tracefs_open_filtered(events, NULL, buffer_kb, out, missing);
}

int tracefs_open_filtered(const char *const *events, const char *const *filters, unsigned buffer_kb,
			  struct tracefs_inst **out, int *missing)
{
	struct tracefs_inst *t = calloc(1, sizeof(*t));
	char path[PATH_MAX + 16];
	int ret;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->pipe_fd = -1;
	t->events = events;
	ret = create_instance(t, buffer_kb);
	if (ret == 0)
		ret = enable_events(t, events, filters, missing);
	if (ret == 0) {
		snprintf(path, sizeof(path), "%s/trace_pipe", t->dir);
		t->pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (t->pipe_fd < 0)
			ret = -errno;
	}
	if (ret < 0) {
		tracefs_close(t);
		return ret;
	}
	*out = t;
	return 0;
}

int tracefs_fd(const struct tracefs_inst *t)
{
	return t->pipe_fd;
}

/* Hand each complete line in t->buf to @fn and keep the rest. */
static int split_lines(struct tracefs_inst *t, int (*fn)(const char *, void *), void *ctx,
		       int *lines)
{
	char *start = t->buf, *nl;
	int ret = 0;

	while (!ret && (nl = memchr(start, '\n', t->used - (size_t)(start - t->buf)))) {
		*nl = '\0';
		ret = fn(start, ctx);
		(*lines)++;
		start = nl + 1;
	}
	t->used -= (size_t)(start - t->buf);
	memmove(t->buf, start, t->used);
	/* a line longer than the buffer is cut rather than blocking the pipe */
	if (t->used == sizeof(t->buf) - 1) {
		t->buf[t->used] = '\0';
		ret = ret ? ret : fn(t->buf, ctx);
		t->used = 0;
	}
	return ret;
}

int tracefs_drain(struct tracefs_inst *t, int (*fn)(const char *line, void *ctx), void *ctx)
{
	int lines = 0, ret;
	ssize_t n;

	for (;;) {
		n = read(t->pipe_fd, t->buf + t->used, sizeof(t->buf) - 1 - t->used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return lines;
		if (n < 0)
			return -errno;
		if (n == 0)
			return lines;
		t->used += (size_t)n;
		ret = split_lines(t, fn, ctx, &lines);
		if (ret)
			return ret;
	}
}

unsigned long long tracefs_lost(const struct tracefs_inst *t)
{
	char path[PATH_MAX + 64], line[128];
	unsigned long long sum = 0, v;
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	FILE *f;

	for (long cpu = 0; cpu < cpus; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%ld/stats", t->dir, cpu);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "overrun: %llu", &v) == 1)
				sum += v;
		fclose(f);
	}
	return sum;
}

void tracefs_close(struct tracefs_inst *t)
{
	char name[PATH_MAX];

	if (!t)
		return;
	if (t->pipe_fd >= 0)
		close(t->pipe_fd);
	if (t->dir[0]) {
		for (int i = 0; t->events && t->events[i]; i++) {
			snprintf(name, sizeof(name), "events/%s/enable", t->events[i]);
			(void)write_file(t->dir, name, "0");
		}
		(void)rmdir(t->dir);
	}
	free(t);
}

const char *tracefs_event_body(const char *line, const char *event)
{
	size_t n = strlen(event);
	const char *p = line;

	/* the event name follows the timestamp's ": " and is followed by ": " */
	while ((p = strstr(p, ": "))) {
		p += 2;
		if (strncmp(p, event, n) == 0 && p[n] == ':' && p[n + 1] == ' ')
			return p + n + 2;
	}
	return NULL;
}

/* Back from @p over characters of @set (or, with @invert, over the others), not before @line. */
static const char *back_over(const char *line, const char *p, const char *set, bool invert)
{
	while (p > line && (strchr(set, p[-1]) == NULL) == invert)
		p--;
	return p;
}

/* Read backwards: "<comm>-<pid> [<cpu>] <flags> <sec>.<usec>: <event>: " (the flags are optional) */
int tracefs_line_head(const char *line, const char *body, int *pid, char *comm, size_t len,
		      unsigned long long *ts_us)
{
	const char *digits = "0123456789", *p, *ts, *end;
	unsigned long long sec, frac = 0;
	int scale = 1000000;

	if (body < line + 4 || body[-2] != ':' || body[-1] != ' ')
		return -EINVAL;
	p = back_over(line, body - 2, " ", true);	/* the event's name */
	if (p < line + 3 || p[-1] != ' ' || p[-2] != ':')
		return -EINVAL;
	end = p - 2;
	ts = back_over(line, end, " ", true);
	sec = strtoull(ts, (char **)&p, 10);
	if (p == ts || (*p != '.' && p != end))
		return -EINVAL;
	for (p += *p == '.'; p < end && isdigit((unsigned char)*p); p++)
		if (scale > 1)
			frac += (unsigned long long)(*p - '0') * (unsigned long long)(scale /= 10);
	if (p != end)
		return -EINVAL;
	*ts_us = sec * 1000000 + frac;
	p = back_over(line, ts, " ", false);
	if (p > line && p[-1] != ']')		/* the irq-info flags */
		p = back_over(line, back_over(line, p, " ", true), " ", false);
	if (p <= line || p[-1] != ']')
		return -EINVAL;
	p = back_over(line, back_over(line, p - 1, "[", true) - 1, " ", false);
	end = p;
	p = back_over(line, p, digits, false);
	if (p == end || p <= line || p[-1] != '-')
		return -EINVAL;
	*pid = atoi(p);
	if (comm) {
		const char *c = line;

		/* the comm (spaces allowed) starts the line, right-aligned in 16 columns */
		while (c < p - 1 && *c == ' ')
			c++;
		snprintf(comm, len, "%.*s", (int)(p - 1 - c), c);
	}
	return 0;
}

/* Where the field after @p starts: " name=" with name of [A-Za-z0-9_]. */
static const char *next_field(const char *p)
{
	for (; (p = strchr(p, ' ')); p++) {
		const char *q = p + 1;

		while (isalnum((unsigned char)*q) || *q == '_')
			q++;
		if (q > p + 1 && *q == '=')
			return p;
	}
	return NULL;
}

int tracefs_field(const char *body, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key), vlen;
	const char *p = body, *end;

	while (p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			break;
		p = next_field(p);
		if (p)
			p++;
	}
	if (!p)
		return -ENOENT;
	p += klen + 1;
	end = next_field(p);
	vlen = end ? (size_t)(end - p) : strlen(p);
	if (vlen >= len)
		return -ERANGE;
	memcpy(buf, p, vlen);
	buf[vlen] = '\0';
	return 0;
}
