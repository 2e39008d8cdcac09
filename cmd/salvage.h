/* SPDX-License-Identifier: GPL-2.0 */
/* pmemctl salvage's parts: the command (salvage.c) and its destination (salvage-dest.c). */
#ifndef PMEMCTL_CMD_SALVAGE_H
#define PMEMCTL_CMD_SALVAGE_H
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>

#define CMD "salvage"

/*
 * Where the copy goes. A new or regular file is written under a temporary
 * name in its directory and renamed over DEST only when complete, so a
 * failed or interrupted salvage leaves nothing behind; a device is
 * written in place.
 */
struct salvage_dest {
	const char *path;
	char tmp[PATH_MAX];	/* the temporary file, or "" when writing in place */
	int fd;
};

/*
 * May @path take the copy of @src (stat @src_st, on block device @src_dev
 * or NULL)? Refused: the source itself, a destination on the source's
 * device or on anything built on it (lib/stack.h), a mounted block device
 * (even with @force), a busy one (without it). An exit code; the error said.
 */
int salvage_dest_check(const char *path, const struct stat *src_st, const char *src_dev, bool force);

/* Open @d->path for writing (its temporary name): an exit code, the error said. */
int salvage_dest_open(struct salvage_dest *d, bool force);

/*
 * Close @d; when @ok, give the copy its name (rename over DEST with
 * @force), else remove the partial copy and say so. 0, or -errno when
 * the copy could not be closed or named (said).
 */
int salvage_dest_finish(struct salvage_dest *d, bool ok, bool force);
#endif
