// SPDX-License-Identifier: GPL-2.0
/* CXL poison injection and region translation (see lib/cxl-inject.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cxl-inject.h"
#include "lib/cxl.h"
#include "util/strings.h"
#include "util/sysfs.h"

static int attr(const char *sysfs, const char *dev, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/%s", sysfs, dev, name);
	return sysfs_read(path, buf, len);
}

/* The last component of the path @dev/@link resolves to. */
static bool link_name(const char *sysfs, const char *dev, const char *link, char *out, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	const char *slash;

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/%s", sysfs, dev, link);
	if (!realpath(path, real))
		return false;
	slash = strrchr(real, '/');
	return str_copy(out, len, slash ? slash + 1 : real);
}

/* An endpoint decoder's memdev: decoderE.D's parent is endpointE, whose uport is the memdev. */
static bool decoder_memdev(const char *sysfs, const char *decoder, char *memdev, size_t len)
{
	char port[64];

	return link_name(sysfs, decoder, "..", port, sizeof(port)) &&
	       link_name(sysfs, port, "uport", memdev, len);
}

struct region_geo {
	uint64_t start, size, gran;
	unsigned int ways;
};

static bool region_geometry(const char *sysfs, const char *region, struct region_geo *g)
{
	uint64_t ways, commit;

	if (pm_cxl_attr_u64(sysfs, region, "commit", &commit) || !commit ||
	    pm_cxl_attr_u64(sysfs, region, "resource", &g->start) || pm_cxl_attr_u64(sysfs, region, "size", &g->size) ||
	    pm_cxl_attr_u64(sysfs, region, "interleave_granularity", &g->gran) ||
	    pm_cxl_attr_u64(sysfs, region, "interleave_ways", &ways) || !ways || ways > 16 || !g->gran)
		return false;
	g->ways = (unsigned int)ways;
	return true;
}

enum pm_cxl_xlate pm_cxl_region_to_dpa(const char *sysfs, const char *region, uint64_t off,
				       struct pm_cxl_where *w)
{
	struct region_geo g;
	char target[32], decoder[64], root[64];
	uint64_t root_ways, dpa0, pos;

	memset(w, 0, sizeof(*w));
	if (!region_geometry(sysfs, region, &g))
		return PM_CXL_XLATE_NO_REGION;
	if (off >= g.size)
		return PM_CXL_XLATE_OUTSIDE;
	/* XOR arithmetic applies where the root decoder picks a host bridge; sysfs does not say which */
	if (!link_name(sysfs, region, "..", root, sizeof(root)) ||
	    pm_cxl_attr_u64(sysfs, root, "interleave_ways", &root_ways))
		return PM_CXL_XLATE_NO_TARGET;
	if (root_ways > 1)
		return PM_CXL_XLATE_HOST_BRIDGES;
	/* modulo: granule n of the region is granule n / ways of target n % ways */
	pos = (off / g.gran) % g.ways;
	snprintf(target, sizeof(target), "target%" PRIu64, pos);
	if (attr(sysfs, region, target, decoder, sizeof(decoder)) < 0 || !decoder[0] ||
	    pm_cxl_attr_u64(sysfs, decoder, "dpa_resource", &dpa0) ||
	    !decoder_memdev(sysfs, decoder, w->memdev, sizeof(w->memdev)))
		return PM_CXL_XLATE_NO_TARGET;
	w->dpa = dpa0 + (off / (g.gran * g.ways)) * g.gran + off % g.gran;
	str_copy(w->region, sizeof(w->region), region);
	w->region_offset = off;
	w->spa = g.start + off;
	return PM_CXL_XLATE_OK;
}

bool pm_cxl_region_at(const char *sysfs, uint64_t spa, char *region, size_t len, uint64_t *off)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool found = false;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/bus/cxl/devices", sysfs);
	dir = opendir(path);
	while (dir && !found && (d = readdir(dir))) {
		struct region_geo g;

		if (!str_is_prefixed_number(d->d_name, "region") || !region_geometry(sysfs, d->d_name, &g))
			continue;
		if (spa >= g.start && spa - g.start < g.size) {
			found = str_copy(region, len, d->d_name);
			*off = spa - g.start;
		}
	}
	if (dir)
		closedir(dir);
	return found;
}

/* The inverse of pm_cxl_region_to_dpa for target @pos of @region. */
static void fill_region(const char *sysfs, const char *region, unsigned int pos, uint64_t dpa_off,
			struct pm_cxl_where *w)
{
	struct region_geo g;
	uint64_t off;

	if (!region_geometry(sysfs, region, &g))
		return;
	off = (dpa_off / g.gran) * g.gran * g.ways + (uint64_t)pos * g.gran + dpa_off % g.gran;
	if (off >= g.size || !str_copy(w->region, sizeof(w->region), region))
		return;
	w->region_offset = off;
	w->spa = g.start + off;
}

void pm_cxl_dpa_to_region(const char *sysfs, struct pm_cxl_where *w)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	w->region[0] = 0;
	snprintf(path, sizeof(path), "%s/bus/cxl/devices", sysfs);
	dir = opendir(path);
	while (dir && !w->region[0] && (d = readdir(dir))) {
		char memdev[32], region[32], target[32], name[64];
		uint64_t dpa0, size;

		if (strncmp(d->d_name, "decoder", 7) || pm_cxl_attr_u64(sysfs, d->d_name, "dpa_resource", &dpa0) ||
		    pm_cxl_attr_u64(sysfs, d->d_name, "dpa_size", &size) || w->dpa < dpa0 || w->dpa - dpa0 >= size ||
		    attr(sysfs, d->d_name, "region", region, sizeof(region)) < 0 || !region[0] ||
		    !decoder_memdev(sysfs, d->d_name, memdev, sizeof(memdev)) || strcmp(memdev, w->memdev))
			continue;
		for (unsigned int pos = 0; pos < 16; pos++) {
			snprintf(target, sizeof(target), "target%u", pos);
			if (attr(sysfs, region, target, name, sizeof(name)) < 0)
				break;
			if (!strcmp(name, d->d_name)) {
				fill_region(sysfs, region, pos, w->dpa - dpa0, w);
				break;
			}
		}
	}
	if (dir)
		closedir(dir);
}

bool pm_cxl_memdev_exists(const char *sysfs, const char *memdev)
{
	char path[PATH_MAX];

	if (!str_is_prefixed_number(memdev, "mem"))
		return false;
	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s", sysfs, memdev);
	return access(path, F_OK) == 0;
}

bool pm_cxl_inject_supported(const char *debugfs, const char *memdev)
{
	char a[PATH_MAX], b[PATH_MAX];

	snprintf(a, sizeof(a), "%s/cxl/%s/inject_poison", debugfs, memdev);
	snprintf(b, sizeof(b), "%s/cxl/%s/clear_poison", debugfs, memdev);
	return access(a, F_OK) == 0 && access(b, F_OK) == 0;
}

int pm_cxl_poison_line(const char *debugfs, const char *memdev, uint64_t dpa, bool clear)
{
	char path[PATH_MAX], buf[32];
	int fd, n, rc = 0;

	snprintf(path, sizeof(path), "%s/cxl/%s/%s", debugfs, memdev, clear ? "clear_poison" : "inject_poison");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "0x%" PRIx64 "\n", dpa);
	if (write(fd, buf, (size_t)n) != n)
		rc = -errno;
	close(fd);
	return rc;
}
