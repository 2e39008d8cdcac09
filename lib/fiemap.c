// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "lib/fiemap.h"

#define BATCH 256
#define UNPLACED (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC | FIEMAP_EXTENT_ENCODED | \
		  FIEMAP_EXTENT_DATA_ENCRYPTED | FIEMAP_EXTENT_NOT_ALIGNED | FIEMAP_EXTENT_DATA_INLINE | \
		  FIEMAP_EXTENT_DATA_TAIL)

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
							   !!(e->fe_flags & FIEMAP_EXTENT_UNWRITTEN),
							   !!(e->fe_flags & UNPLACED) };
			start = e->fe_logical + e->fe_length;
			last |= !!(e->fe_flags & FIEMAP_EXTENT_LAST);
		}
	}
	if (!fm)
		return -ENOMEM;
	free(fm);
	return last ? 0 : -errno;
}

long pm_file_range_to_device(const struct pm_extent *e, size_t n, uint64_t off, uint64_t len,
			     struct pm_range *out, size_t max, uint64_t *where)
{
	uint64_t pos = off, end = off + len, last_end = 0;
	long k = 0;

	for (size_t i = 0; i < n && pos < end; i++) {
		uint64_t e_end = e[i].logical + e[i].length, take;
		struct pm_range piece;

		if (e_end <= pos)
			continue;
		*where = pos;
		if (e[i].logical > pos)
			return -ENODATA;	/* a hole before this extent */
		if (e[i].unwritten)
			return -EINVAL;
		if (e[i].unplaced)
			return -EOPNOTSUPP;
		take = (e_end < end ? e_end : end) - pos;
		piece = (struct pm_range){ e[i].physical + (pos - e[i].logical), take };
		if (k && piece.start == last_end) {	/* physically contiguous: one range */
			if (out && (size_t)k <= max)
				out[k - 1].len += take;
		} else {
			if (out && (size_t)k < max)
				out[k] = piece;
			k++;
		}
		last_end = pm_range_end(&piece);
		pos += take;
	}
	*where = pos;
	return pos < end ? -ENODATA : k;
}
