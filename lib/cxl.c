// SPDX-License-Identifier: GPL-2.0
/* CXL memdevs from sysfs and their poison list as records (see lib/cxl.h). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cxl.h"
#include "lib/poison-model.h"
#include "util/strings.h"
#include "util/sysfs.h"
#include "util/tracefs.h"

const char *pm_cxl_partition_name(enum pm_cxl_partition p)
{
	return p == PM_CXL_PART_RAM ? "ram" : p == PM_CXL_PART_PMEM ? "pmem" : NULL;
}

const char *pm_cxl_source_name(enum pm_cxl_source s)
{
	static const char *const names[] = { "unknown", "external", "internal", "injected", "vendor",
					     "reserved" };

	return s <= PM_CXL_SRC_RESERVED ? names[s] : "reserved";
}

const char *pm_cxl_list_name(enum pm_cxl_list l)
{
	switch (l) {
	case PM_CXL_LIST_READ: return "whole";
	case PM_CXL_LIST_NO_INTERFACE: return "no-interface";
	case PM_CXL_LIST_UNSUPPORTED: return "unsupported";
	case PM_CXL_LIST_NOT_ROOT: return "not-root";
	case PM_CXL_LIST_FAILED: return "failed";
	case PM_CXL_LIST_LOST: return "cut";
	}
	return "failed";
}

/* ---------------------------------------------------------------- trace events */

static int field_u64(const char *body, const char *key, int base, uint64_t *v)
{
	char buf[32], *end;

	if (tracefs_field(body, key, buf, sizeof(buf)) < 0 || !buf[0])
		return -EINVAL;
	errno = 0;
	*v = strtoull(buf, &end, base);
	return errno || *end ? -EINVAL : 0;
}

static int field_word(const char *body, const char *key, const char *const *words, size_t n)
{
	char buf[32];

	if (tracefs_field(body, key, buf, sizeof(buf)) < 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (words[i] && !strcmp(buf, words[i]))
			return (int)i;
	return -EINVAL;
}

/* "More|Overflow" as enum pm_cxl_flags; unknown words are ignored (a newer kernel's). */
static unsigned int parse_flags(const char *s)
{
	unsigned int f = 0;

	f |= strstr(s, "More") ? PM_CXL_FLAG_MORE : 0;
	f |= strstr(s, "Overflow") ? PM_CXL_FLAG_OVERFLOW : 0;
	f |= strstr(s, "Scanning") ? PM_CXL_FLAG_SCANNING : 0;
	return f;
}

int pm_cxl_parse_poison(const char *body, struct pm_cxl_event *e)
{
	static const char *const types[] = { "List", "Inject", "Clear" };
	static const char *const sources[] = { "Unknown", "External", "Internal", "Injected",
					       "Vendor", "Reserved" };
	char flags[64];
	int type, src;

	memset(e, 0, sizeof(*e));
	/* serial is decimal, addresses 0x hex (drivers/cxl/core/trace.h) */
	if (tracefs_field(body, "memdev", e->memdev, sizeof(e->memdev)) < 0 ||
	    tracefs_field(body, "host", e->host, sizeof(e->host)) < 0 ||
	    tracefs_field(body, "region", e->region, sizeof(e->region)) < 0 ||
	    tracefs_field(body, "flags", flags, sizeof(flags)) < 0 ||
	    field_u64(body, "serial", 10, &e->serial) || field_u64(body, "hpa", 16, &e->hpa) ||
	    field_u64(body, "dpa", 16, &e->dpa) || field_u64(body, "dpa_length", 16, &e->length) ||
	    field_u64(body, "overflow_time", 10, &e->overflow_ts))
		return -EINVAL;
	type = field_word(body, "trace_type", types, 3);
	src = field_word(body, "source", sources, 6);
	if (type < 0 || src < 0 || !e->memdev[0])
		return -EINVAL;
	e->type = (enum pm_cxl_trace_type)type;
	e->source = (enum pm_cxl_source)src;
	e->flags = parse_flags(flags);
	e->has_hpa = e->hpa != UINT64_MAX && e->region[0];
	return 0;
}

/* ---------------------------------------------------------------- sysfs */

int pm_cxl_attr_u64(const char *sysfs, const char *dev, const char *attr, uint64_t *v)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/%s", sysfs, dev, attr);
	return sysfs_read_u64(path, v);
}

static bool name_matches(const char *name, const char *want, const char *prefix)
{
	if (!want || !strcmp(want, name))
		return true;
	return str_is_prefixed_number(name, prefix) && !strcmp(want, name + strlen(prefix));
}

/* The memdev's PCI device: the last component of its parent's path. */
static void read_host(const char *sysfs, const char *name, char *host, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	const char *slash;

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/..", sysfs, name);
	if (!realpath(path, real)) {
		snprintf(host, len, "%s", "");
		return;
	}
	slash = strrchr(real, '/');
	str_copy(host, len, slash ? slash + 1 : real);
}

int pm_cxl_memdev_read(const char *sysfs, const char *name, struct pm_cxl_memdev *m)
{
	memset(m, 0, sizeof(*m));
	if (!str_copy(m->name, sizeof(m->name), name))
		return -ENAMETOOLONG;	/* no memdev has such a name */
	read_host(sysfs, name, m->host, sizeof(m->host));
	pm_cxl_attr_u64(sysfs, name, "serial", &m->serial);
	pm_cxl_attr_u64(sysfs, name, "ram/size", &m->ram_size);
	pm_cxl_attr_u64(sysfs, name, "pmem/size", &m->pmem_size);
	return 0;
}

static int add_memdev(struct pm_cxl_scan *s, const char *sysfs, const char *name)
{
	struct pm_cxl_memdev *v = pm_grow(s->memdevs, &s->cap_memdevs, s->nmemdevs, sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->memdevs = v;
	if (!pm_cxl_memdev_read(sysfs, name, &v[s->nmemdevs]))
		s->nmemdevs++;
	return 0;
}

static int cmp_memdev(const void *a, const void *b)
{
	const struct pm_cxl_memdev *x = a, *y = b;

	/* mem2 before mem10 */
	return (strlen(x->name) > strlen(y->name)) - (strlen(x->name) < strlen(y->name)) ?:
	       strcmp(x->name, y->name);
}

static int find_memdevs(struct pm_cxl_scan *s, const char *sysfs, const char *want)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/bus/cxl/devices", sysfs);
	dir = opendir(path);
	if (!dir)
		return 0;	/* no CXL bus: no memdevs */
	while (!rc && (d = readdir(dir)))
		if (str_is_prefixed_number(d->d_name, "mem") && name_matches(d->d_name, want, "mem"))
			rc = add_memdev(s, sysfs, d->d_name);
	closedir(dir);
	if (s->nmemdevs > 1)
		qsort(s->memdevs, s->nmemdevs, sizeof(*s->memdevs), cmp_memdev);
	return rc;
}

/* ---------------------------------------------------------------- records */

enum pm_cxl_partition pm_cxl_partition_of(const struct pm_cxl_memdev *m, uint64_t dpa)
{
	if (dpa < m->ram_size)
		return PM_CXL_PART_RAM;
	if (dpa - m->ram_size < m->pmem_size)
		return PM_CXL_PART_PMEM;
	return PM_CXL_PART_UNKNOWN;
}

int pm_cxl_add_event(struct pm_cxl_scan *s, size_t m, const struct pm_cxl_event *e,
		     const char *sysfs)
{
	struct pm_cxl_rec *v, r = { .memdev = m, .source = e->source, .flags = e->flags,
				    .dpa = e->dpa, .length = e->length };
	uint64_t start;

	r.partition = pm_cxl_partition_of(&s->memdevs[m], e->dpa);
	/* the kernel attributed the DPA to a region and translated it: its HPA is the SPA */
	if (e->has_hpa) {
		snprintf(r.region, sizeof(r.region), "%s", e->region);
		r.has_spa = true;
		r.spa = e->hpa;
		if (!pm_cxl_attr_u64(sysfs, e->region, "resource", &start) && start <= e->hpa)
			r.region_offset = e->hpa - start;
		else
			r.has_spa = false;	/* no region start: neither offset is trusted */
	}
	for (size_t i = 0; i < s->nrecs; i++)	/* another reader's trigger repeats a list */
		if (s->recs[i].memdev == m && s->recs[i].dpa == r.dpa && s->recs[i].length == r.length)
			return 0;
	v = pm_grow(s->recs, &s->cap_recs, s->nrecs, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->recs = v;
	v[s->nrecs++] = r;
	s->memdevs[m].flags |= e->flags;
	return 0;
}

static bool rec_matches(const struct pm_cxl_rec *r, const struct pm_cxl_filter *f)
{
	const char *dev = f->namespace ? strip_dev_prefix(f->namespace) : NULL;

	if (f->region && !(r->region[0] && name_matches(r->region, f->region, "region")) &&
	    !(r->nd_region[0] && name_matches(r->nd_region, f->region, "region")))
		return false;
	if (f->bus && (r->use != PM_CXL_USE_ND || (strcmp(f->bus, r->bus) && strcmp(f->bus, r->provider))))
		return false;
	if (dev && strcmp(dev, r->namespace) && strcmp(dev, r->device))
		return false;
	return f->mode == PM_MODE_NONE || (r->use == PM_CXL_USE_ND && r->namespace[0] && r->mode == f->mode);
}

/* The unit of @s that holds @r: its namespace's, or its region's row when in no namespace. */
static bool nd_unit_of(const struct pm_scan *s, const struct pm_cxl_rec *r, size_t *unit)
{
	for (size_t k = 0; k < s->nunits; k++) {
		const struct pm_unit *u = &s->units[k];

		if (strcmp(u->region, r->nd_region))
			continue;
		if (r->namespace[0] ? u->namespace && !strcmp(u->namespace, r->namespace) : !u->namespace) {
			*unit = k;
			return true;
		}
	}
	return false;
}

int pm_cxl_merge(const struct pm_cxl_scan *c, struct pm_scan *s, bool **merged)
{
	bool any = false;
	int rc = 0;

	*merged = calloc(c->nrecs + 1, sizeof(**merged));
	if (!*merged)
		return -ENOMEM;
	for (size_t i = 0; !rc && i < c->nrecs; i++) {
		const struct pm_cxl_rec *r = &c->recs[i];
		struct pm_poison p = { .area = r->area, .source = PM_SRC_CXL, .cxl = i,
				       .length = r->length, .has_region_offset = true,
				       .region_offset = r->nd_offset, .has_spa = true, .spa = r->spa,
				       .has_data_offset = r->has_data_offset, .data_offset = r->data_offset };

		if (r->use != PM_CXL_USE_ND || !r->has_nd_offset || !nd_unit_of(s, r, &p.unit))
			continue;
		rc = pm_scan_add_record(s, &p);
		(*merged)[i] = any = !rc;
	}
	return rc ? rc : any ? pm_scan_sort(s) : 0;
}

static int cmp_rec(const void *a, const void *b)
{
	const struct pm_cxl_rec *x = a, *y = b;

	if (x->memdev != y->memdev)
		return x->memdev < y->memdev ? -1 : 1;
	return (x->dpa > y->dpa) - (x->dpa < y->dpa);
}

/* Keep the records @f selects, count them on their memdevs, order by memdev and DPA. */
static void filter_and_count(struct pm_cxl_scan *s, const struct pm_cxl_filter *f)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nrecs; i++)
		if (rec_matches(&s->recs[i], f))
			s->recs[n++] = s->recs[i];
	s->nrecs = n;
	if (n > 1)
		qsort(s->recs, n, sizeof(*s->recs), cmp_rec);
	for (size_t i = 0; i < n; i++) {
		s->memdevs[s->recs[i].memdev].ranges++;
		s->memdevs[s->recs[i].memdev].bytes += s->recs[i].length;
	}
}

static bool has_trigger(const char *sysfs, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/trigger_poison_list", sysfs, name);
	return access(path, F_OK) == 0;
}

/* 6.1 has neither the attribute nor the event; 6.4+ shows the attribute only where the device lists. */
static bool kernel_has_poison_events(const char *sysfs)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/kernel/tracing/events/cxl/cxl_poison", sysfs);
	if (access(path, F_OK) == 0)
		return true;
	snprintf(path, sizeof(path), "%s/kernel/debug/tracing/events/cxl/cxl_poison", sysfs);
	return access(path, F_OK) == 0;
}

static void read_lists(struct pm_cxl_scan *s, const char *sysfs)
{
	bool any_trigger = false;

	for (size_t i = 0; i < s->nmemdevs; i++)
		any_trigger |= has_trigger(sysfs, s->memdevs[i].name);
	if (!any_trigger && !kernel_has_poison_events(sysfs)) {
		s->state = PM_CXL_NO_INTERFACE;
		for (size_t i = 0; i < s->nmemdevs; i++)
			s->memdevs[i].list = PM_CXL_LIST_NO_INTERFACE;
		return;
	}
	s->state = geteuid() ? PM_CXL_NOT_ROOT : PM_CXL_SCANNED;
	for (size_t i = 0; i < s->nmemdevs; i++) {
		struct pm_cxl_memdev *m = &s->memdevs[i];

		if (!has_trigger(sysfs, m->name))
			m->list = PM_CXL_LIST_UNSUPPORTED;
		else if (s->state == PM_CXL_NOT_ROOT)
			m->list = PM_CXL_LIST_NOT_ROOT;
		else
			m->list = PM_CXL_LIST_READ;	/* to be read */
	}
	if (s->state == PM_CXL_SCANNED)
		pm_cxl_read_lists(s, sysfs);
}

int pm_cxl_scan(const char *sysfs, struct ndctl_ctx *ctx, const struct pm_cxl_filter *f,
		struct pm_cxl_scan *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (f->region) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s%s", sysfs,
			 strncmp(f->region, "region", 6) ? "region" : "", f->region);
		s->region_seen = access(path, F_OK) == 0;
	}
	rc = find_memdevs(s, sysfs, f->memdev);
	if (rc)
		return rc;
	if (!s->nmemdevs)
		return f->memdev ? -ENODEV : 0;
	read_lists(s, sysfs);
	for (size_t i = 0, n = s->nrecs; !rc && i < n; i++)	/* appended pieces are placed */
		rc = pm_cxl_place(s, i, ctx, sysfs);
	filter_and_count(s, f);
	return rc;
}

void pm_cxl_scan_free(struct pm_cxl_scan *s)
{
	free(s->memdevs);
	free(s->recs);
	memset(s, 0, sizeof(*s));
}
