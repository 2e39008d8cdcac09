/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Salvage: copy everything still readable from a poisoned source (a file, a
 * block device, or a devdax mapping) and say exactly what was lost.
 *
 * Reads are narrowed around errors down to one 512-byte sector. A file on
 * a DAX filesystem fails a read for the whole page that holds a bad sector;
 * its other sectors are then read from the block device under the file
 * (O_DIRECT, where only the bad sectors fail). A mapping is read with
 * SIGBUS turned into an error (lib/mapio) and never touches sectors the
 * kernel already lists as bad: on real hardware that load is a machine check.
 */
#ifndef PMEMCTL_LIB_SALVAGE_H
#define PMEMCTL_LIB_SALVAGE_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/fiemap.h"
#include "lib/range.h"

struct pm_salvage_src {
	uint64_t size;			/* bytes to copy */
	int fd;				/* pread source, or -1 with @map */
	const unsigned char *map;	/* devdax: the device mapped, or NULL */
	const struct pm_range *known_bad;	/* never read (normalized), may be NULL */
	size_t nknown;
	/* a file's sectors that fail through the file, read from its device */
	int dev_fd;			/* O_DIRECT block device, or -1 */
	const struct pm_extent *ext;	/* the file's extents on it */
	size_t n_ext;
};

struct pm_salvage_result {
	uint64_t copied;		/* bytes read and written */
	uint64_t from_device;		/* of which read through the block device */
	uint64_t lost;			/* bytes that could not be read */
	struct pm_range *lost_v;	/* merged lost ranges, malloc'ed */
	size_t nlost;
	int error;			/* 0, or -errno writing the destination */
};

/*
 * Copy @src to @out_fd at the same offsets. Lost ranges are written as
 * zeros, or skipped with @sparse (the caller sizes the file). Stops between
 * chunks when *@stop is set. Returns 0, -EINTR, or -errno of a write.
 */
int pm_salvage(const struct pm_salvage_src *src, int out_fd, bool sparse,
	       volatile sig_atomic_t *stop, struct pm_salvage_result *r);
void pm_salvage_result_free(struct pm_salvage_result *r);
#endif
