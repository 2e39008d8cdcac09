// SPDX-License-Identifier: GPL-2.0
/*
 * owners-probe MOUNT DEVICE auto|getfsmap|fiemap < RANGES
 * Runs lib/owners on byte ranges ("start length" per line) of the filesystem
 * mounted at MOUNT from block DEVICE, for tests and benchmarks that need no
 * pmem: one line per owner, "start length kind inode file_offset what|path",
 * MOUNT "-" finds the mount as --files does (lib/mount) and prints each path
 * as a user sees it there (MOUNT/path), after "# mount POINT root ROOT" on stderr;
 * then "# method M files F dirs D usec U getfsmap G naming N walk W named-by B
 * parent-calls C" on stderr (B: parents, walk, parents+walk or -). A file
 * owner known to have no path shows "?deleted" or "?outside-mount", one
 * merely not found its what ("data").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "lib/mount.h"
#include "lib/owners.h"
#include "lib/plan.h"

static int parse_method(const char *s, enum pm_owner_method *m)
{
	*m = !strcmp(s, "auto") ? PM_METHOD_AUTO : !strcmp(s, "getfsmap") ? PM_METHOD_GETFSMAP :
	     PM_METHOD_FIEMAP;
	return strcmp(s, "auto") && strcmp(s, "getfsmap") && strcmp(s, "fiemap");
}

/* One owner's line; @point: the mount point to put before paths, or NULL. */
static void print_owner(const struct pm_owner *o, const char *point)
{
	const char *unnamed = o->unnamed != PM_UNNAMED_NOT_FOUND ? pm_owner_unnamed_name(o) : NULL;
	char what[PATH_MAX * 2];

	if (o->path)
		snprintf(what, sizeof(what), "%s%s%s", point ? point : "", point ? "/" : "", o->path);
	else if (unnamed)
		snprintf(what, sizeof(what), "?%s", unnamed);
	else
		snprintf(what, sizeof(what), "%s", o->what ? o->what : "-");
	for (char *c = what; !o->path && *c; c++)
		*c = *c == ' ' && unnamed ? '-' : *c;
	printf("%llu %llu %s %llu %llu %s\n", (unsigned long long)o->dev.start,
	       (unsigned long long)o->dev.len, pm_owner_kind_name(o->kind),
	       (unsigned long long)o->inode, (unsigned long long)o->file_offset, what);
}

int main(int argc, char **argv)
{
	struct pm_range *r = NULL;
	unsigned long long a, b;
	size_t n = 0, cap = 0;
	enum pm_owner_method method;
	struct pm_owner_map m;
	struct timespec t0, t1;
	struct pm_mount mnt;
	const char *point;
	struct stat st;
	char err[512];

	if (argc != 4 || stat(argv[2], &st) || !S_ISBLK(st.st_mode) || parse_method(argv[3], &method)) {
		fprintf(stderr, "usage: owners-probe MOUNT BLOCKDEV auto|getfsmap|fiemap < ranges\n");
		return 2;
	}
	while (scanf("%llu %llu", &a, &b) == 2) {
		if (n == cap && !(r = realloc(r, (cap = cap ? cap * 2 : 64) * sizeof(*r))))
			return 1;
		r[n++] = (struct pm_range){ a, b };
	}
	n = pm_ranges_normalize(r, n);
	point = argv[1];
	if (!strcmp(point, "-")) {
		if (pm_mount_of(NULL, st.st_rdev, &mnt)) {
			fprintf(stderr, "owners-probe: %s is not mounted\n", argv[2]);
			return 1;
		}
		point = mnt.point;
		fprintf(stderr, "# mount %s root %s\n", mnt.point, mnt.root);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pm_map_owners(point, st.st_rdev, r, n, method, &m, err, sizeof(err))) {
		fprintf(stderr, "owners-probe: %s\n", err);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (size_t i = 0; i < m.n; i++)
		print_owner(&m.v[i], point != argv[1] ? point : NULL);
	fprintf(stderr, "# method %s files %zu dirs %zu usec %lld getfsmap %llu naming %llu walk %llu "
		"named-by %s parent-calls %zu\n",
		pm_owner_method_name(&m), m.files_walked, m.dirs_walked,
		(long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000,
		(unsigned long long)m.usec_getfsmap, (unsigned long long)m.usec_naming,
		(unsigned long long)m.usec_walk,
		pm_owner_naming_name(&m) ? pm_owner_naming_name(&m) : "-", m.parent_calls);
	pm_owner_map_free(&m);
	free(r);
	return 0;
}
