// SPDX-License-Identifier: GPL-2.0
/*
 * mountinfo's escaping round-trips: any mount point and root, escaped the
 * way the kernel writes them (show_mountinfo: space, tab, newline and
 * backslash as \ooo), come back from lib/mount unchanged.
 */
#define _GNU_SOURCE	/* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "lib/mount.h"

/* The kernel's mangle(): " \t\n\\" become \040 \011 \012 \134. */
static void escape(FILE *f, const char *s)
{
	for (; *s; s++)
		if (strchr(" \t\n\\", *s))
			fprintf(f, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, f);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char point[PATH_MAX], root[PATH_MAX], path[64];
	const unsigned char *cut = memchr(data, 0, size);
	size_t np = cut ? (size_t)(cut - data) : size;
	struct pm_mount m;
	int fd;
	FILE *f;

	/* input: POINT NUL ROOT, each made absolute like the kernel's; no NUL can be in a path */
	if (np + 2 > sizeof(point) || (cut && size - np - 1 + 2 > sizeof(root)) ||
	    (cut && memchr(cut + 1, 0, size - np - 1)))
		return 0;
	snprintf(point, sizeof(point), "/%.*s", (int)np, (const char *)data);
	snprintf(root, sizeof(root), "/%.*s", cut ? (int)(size - np - 1) : 0, cut ? (const char *)cut + 1 : "");
	fd = memfd_create("mountinfo", MFD_CLOEXEC);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		abort();
	fputs("36 25 259:1 ", f);
	escape(f, root);
	fputc(' ', f);
	escape(f, point);
	fputs(" rw,relatime shared:1 - xfs /dev/pmem1 rw,dax=always\n", f);
	fflush(f);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (pm_mount_of(path, makedev(259, 1), &m) || strcmp(m.point, point) || strcmp(m.root, root) ||
	    strcmp(m.fstype, "xfs") || !m.dax) {
		fprintf(stderr, "point '%s' root '%s' came back as '%s' '%s'\n", point, root, m.point, m.root);
		abort();
	}
	fclose(f);
	return 0;
}
