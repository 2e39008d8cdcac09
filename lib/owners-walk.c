// SPDX-License-Identifier: GPL-2.0
/*
 * The walks of lib/owners: a readdir walk that names inodes from directory
 * entries alone, and a FIEMAP walk that finds the file under each poisoned
 * byte. Both go depth-first from the mount point, stay on its filesystem,
 * and stop as soon as nothing is left to find.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lib/fiemap.h"
#include "lib/owners-internal.h"

static int todo_remove(struct pm_owners_todo *t, const struct pm_range *hit)
{
	struct pm_range *out = calloc(t->n * 2 + 1, sizeof(*out));
	size_t k = 0;

	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		k += pm_range_subtract(&t->v[i], hit, 1, out + k, 2);
	free(t->v);
	t->v = out;
	t->n = k;
	return 0;
}

struct walk {
	dev_t fsdev;			/* stay on this filesystem */
	struct pm_owner_map *m;
	size_t *cap;
	/* naming: owners still without a path, and their inodes sorted */
	bool naming;
	size_t unnamed;
	uint64_t *inos;
	size_t ninos;
	/* FIEMAP: bytes still without an owner */
	struct pm_owners_todo todo;
	int err;
};

char *pm_owners_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", dir, *dir ? "/" : "", name);
	return p;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Name the owners with inode @ino; most directory entries are none of them. */
static void name_inode(struct walk *w, uint64_t ino, const char *dir, const char *name)
{
	if (!bsearch(&ino, w->inos, w->ninos, sizeof(*w->inos), by_value))
		return;
	for (size_t i = 0; i < w->m->n; i++) {
		struct pm_owner *o = &w->m->v[i];

		if (o->inode == ino && pm_owner_needs_name(o)) {
			o->path = *name ? pm_owners_join(dir, name) : strdup(".");
			w->unnamed--;
		}
	}
}

/* FIEMAP of one open file or directory: an owner for each poisoned byte it maps. */
static void map_file(struct walk *w, int fd, uint64_t ino, const char *path)
{
	struct pm_extent *e = NULL;
	size_t ne = 0;

	w->m->files_walked++;
	if (pm_file_extents(fd, false, &e, &ne))
		return;
	for (size_t i = 0; i < ne && w->todo.n && !w->err; i++) {
		struct pm_range ext = { e[i].physical, e[i].length };

		for (size_t b = 0; b < w->todo.n && !w->err; b++) {
			struct pm_owner o = { .kind = PM_OWNER_FILE, .inode = ino, .what = "data",
					      .unwritten = e[i].unwritten };

			if (!pm_range_intersect(&w->todo.v[b], &ext, &o.dev))
				continue;
			o.file_offset = e[i].logical + (o.dev.start - e[i].physical);
			o.path = strdup(path);
			w->err = pm_owners_push(w->m, &o, w->cap);
			if (w->err)
				free(o.path);	/* not in the map: nobody else frees it */
			else
				w->err = todo_remove(&w->todo, &o.dev);
			b = (size_t)-1;	/* the list changed: look again from the start */
		}
	}
	free(e);
}

static bool walk_done(const struct walk *w)
{
	return w->err || (w->naming ? w->unnamed == 0 : w->todo.n == 0);
}

/*
 * Depth-first through @dirfd (@rel its path from the mount point): names
 * inodes from readdir alone, or FIEMAPs every file, until done.
 */
static void walk_dir(struct walk *w, int dirfd, const char *rel)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;

	if (!d) {
		close(dirfd);
		return;
	}
	w->m->dirs_walked++;
	while (!walk_done(w) && (de = readdir(d))) {
		bool isdir = de->d_type == DT_DIR, isreg = de->d_type == DT_REG;
		struct stat st;
		char *path;
		int fd;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (w->naming)
			name_inode(w, de->d_ino, rel, de->d_name);
		if (de->d_type == DT_UNKNOWN && !fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			isdir = S_ISDIR(st.st_mode), isreg = S_ISREG(st.st_mode);
		if (!isdir && (w->naming || !isreg))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME |
			    (isdir ? O_DIRECTORY : 0));
		if (fd < 0 && errno == EPERM)	/* O_NOATIME needs ownership */
			fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
				    (isdir ? O_DIRECTORY : 0));
		if (fd < 0)
			continue;
		if (fstat(fd, &st) || st.st_dev != w->fsdev) {	/* another mount */
			close(fd);
			continue;
		}
		path = pm_owners_join(rel, de->d_name);
		if (!path) {
			w->err = -ENOMEM;
			close(fd);
			break;
		}
		if (!w->naming)
			map_file(w, fd, st.st_ino, path);
		if (isdir)
			walk_dir(w, fd, path);
		else
			close(fd);
		free(path);
	}
	closedir(d);
}

static int open_root(const char *mnt, struct stat *st)
{
	int fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, st)) {
		close(fd);
		return -1;
	}
	return fd;
}

int pm_owners_name_by_walk(const char *mnt, struct pm_owner_map *m, size_t *cap)
{
	struct walk w = { .m = m, .cap = cap, .naming = true };
	struct stat st;
	int fd = open_root(mnt, &st);

	if (fd < 0)
		return -errno;
	w.fsdev = st.st_dev;
	w.inos = calloc(m->n + 1, sizeof(*w.inos));
	if (!w.inos) {
		close(fd);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->n; i++)
		if (pm_owner_needs_name(&m->v[i]))
			w.inos[w.unnamed++] = m->v[i].inode;
	qsort(w.inos, w.ninos = w.unnamed, sizeof(*w.inos), by_value);
	m->named_by_walk = w.unnamed > 0;
	name_inode(&w, st.st_ino, "", "");
	if (walk_done(&w))
		close(fd);
	else
		walk_dir(&w, fd, "");
	free(w.inos);
	return w.err;
}

static const char unnamed_after_getfsmap[] =
	"no file maps it and GETFSMAP named no owner: metadata, a directory, "
	"or free space that this kernel's GETFSMAP leaves out";
static const char unnamed_by_walk[] = "no file maps it: free space or metadata";

int pm_owners_fiemap_walk(const char *mnt, struct pm_owners_todo *todo, bool after_getfsmap,
			  struct pm_owner_map *m, size_t *cap)
{
	struct walk w = { .m = m, .cap = cap, .todo = *todo };
	struct stat st;
	int fd = open_root(mnt, &st);

	if (fd < 0)
		return -errno;
	w.fsdev = st.st_dev;
	m->used_walk = true;
	syncfs(fd);	/* delayed allocations get their places before FIEMAP */
	map_file(&w, fd, st.st_ino, ".");
	if (!walk_done(&w))
		walk_dir(&w, fd, "");
	else
		close(fd);
	for (size_t i = 0; !w.err && i < w.todo.n; i++) {
		struct pm_owner o = { .dev = w.todo.v[i], .kind = PM_OWNER_UNKNOWN,
				      .what = after_getfsmap ? unnamed_after_getfsmap : unnamed_by_walk };

		w.err = pm_owners_push(m, &o, cap);
	}
	*todo = w.todo;
	return w.err;
}
