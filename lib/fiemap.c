// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "lib/fiemap.h"

#define BATCH 256

int pm_file_extents(int fd, bool sync, struct pm_extent **v, size_t *n)
{
	struct fiemap *fm = calloc(1, sizeof(*fm) + BATCH * sizeof(struct fiemap_extent));
	uint64_t start = 0;
	bool last = false;
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	while (fm && !last) {
		memset(fm, 0, sizeof(*fm));
		fm->fm_start = start;
		fm->fm_length = FIEMAP_MAX_OFFSET - start;
		fm->fm_flags = sync ? FIEMAP_FLAG_SYNC : 0;
		fm->fm_extent_count = BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0)
			break;
		if (fm->fm_mapped_extents == 0)
			last = true;
		for (unsigned int i = 0; i < fm->fm_mapped_extents; i++) {
			struct fiemap_extent *e = &fm->fm_extents[i];

			if (*n == cap) {
				struct pm_extent *g = realloc(*v, (cap = cap ? cap * 2 : 64) * sizeof(**v));

				if (!g) {
					free(fm);
					return -ENOMEM;
				}
				*v = g;
			}
			(*v)[(*n)++] = (struct pm_extent){ e->fe_logical, e->fe_physical, e->fe_length,
							   !!(e->fe_flags & FIEMAP_EXTENT_UNWRITTEN) };
			start = e->fe_logical + e->fe_length;
			last |= !!(e->fe_flags & FIEMAP_EXTENT_LAST);
		}
	}
	if (!fm)
		return -ENOMEM;
	free(fm);
	return last ? 0 : -errno;
}
