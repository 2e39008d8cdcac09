// SPDX-License-Identifier: GPL-2.0
/*
 * list-poison's CXL part: the CXL scan under list-poison's filters, its
 * records and memdev rows in the one JSON array, and what the user must be
 * told when a memdev's list could not be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd/builtin.h"
#include "cmd/list-cxl.h"
#include "cmd/poison-json.h"
#include "cmd/words.h"

int pm_list_cxl_scan(const char *cmd, struct ndctl_ctx *ctx, const struct pm_filter *f,
		     const char *memdev, struct pm_cxl_view *v)
{
	struct pm_cxl_filter cf = { .memdev = memdev, .region = f->region, .bus = f->bus,
				    .namespace = f->namespace, .mode = f->mode };
	int rc = pm_cxl_scan("/sys", ctx, &cf, &v->c);

	if (rc == -ENODEV) {
		pm_error(cmd, "no CXL memory device '%s' (see /sys/bus/cxl/devices)", memdev);
		return EXIT_NOMATCH;
	}
	if (rc) {
		pm_error(cmd, "reading CXL memory devices: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int pm_list_cxl_merge(const char *cmd, struct pm_cxl_view *v, struct pm_scan *s, const char *memdev)
{
	size_t n = 0;

	if (pm_cxl_merge(&v->c, s, &v->merged)) {
		pm_error(cmd, "out of memory");
		return EXIT_FAIL;
	}
	v->memdev_only = memdev != NULL;
	for (size_t i = 0; memdev && i < s->nrecs; i++)
		if (s->recs[i].source == PM_SRC_CXL)
			s->recs[n++] = s->recs[i];
	if (memdev)
		s->nrecs = n;
	return EXIT_OK;
}

struct json_object *pm_list_cxl_json(const struct pm_cxl_view *v, const struct pm_scan *s,
				     size_t i)
{
	const struct pm_poison *p = &s->recs[i];

	return p->source == PM_SRC_CXL ? pm_cxl_rec_to_json(&v->c, &v->c.recs[p->cxl])
				       : pm_poison_to_json(&s->units[p->unit], p);
}

void pm_list_cxl_append(struct json_array_out *out, const struct pm_cxl_view *v, bool summary,
			bool files)
{
	for (size_t i = 0; summary && i < v->c.nmemdevs; i++)
		json_out_add(out, pm_cxl_memdev_to_json(&v->c.memdevs[i]));
	for (size_t i = 0; !summary && i < v->c.nrecs; i++) {
		struct json_object *o;

		if (v->merged && v->merged[i])
			continue;	/* listed with its nd region's records */
		o = pm_cxl_rec_to_json(&v->c, &v->c.recs[i]);
		if (o && files) {	/* a ram region or no region: no file system to look in */
			struct pm_rec_files none = { 0 };

			pm_files_add_json(o, &none);
		}
		json_out_add(out, o);
	}
}

/* "mem0, mem1": the memdevs whose list is @l. */
static size_t memdevs_with(const struct pm_cxl_scan *c, enum pm_cxl_list l, char *buf, size_t len)
{
	size_t n = 0, used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < c->nmemdevs; i++) {
		if (c->memdevs[i].list != l)
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s", n++ ? ", " : "",
				 c->memdevs[i].name);
		if (used >= len)
			used = len - 1;
	}
	return n;
}

/* Whether record @i is its device's first online as system RAM (one note a device). */
static bool first_of_device(const struct pm_cxl_scan *c, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (c->recs[k].system_ram == PM_SYSRAM_YES && !strcmp(c->recs[k].device, c->recs[i].device))
			return false;
	return true;
}

void pm_list_cxl_notes(const char *cmd, const struct pm_cxl_view *v)
{
	const struct pm_cxl_scan *c = &v->c;
	char names[512];

	if (memdevs_with(c, PM_CXL_LIST_NO_INTERFACE, names, sizeof(names)))
		pm_note(cmd, "CXL memory devices (%s): this kernel has no CXL poison interface "
			"(trigger_poison_list and the cxl_poison trace event came in Linux 6.4): "
			"their poison is unknown", names);
	if (memdevs_with(c, PM_CXL_LIST_NOT_ROOT, names, sizeof(names)))
		pm_note(cmd, "CXL memory devices (%s): their poison lists are readable by root only: "
			"only NVDIMM poison is listed (run as root for theirs)", names);
	if (memdevs_with(c, PM_CXL_LIST_UNSUPPORTED, names, sizeof(names)))
		pm_note(cmd, "CXL memory devices (%s) cannot list their poison (no trigger_poison_list): "
			"their poison is unknown", names);
	if (memdevs_with(c, PM_CXL_LIST_LOST, names, sizeof(names)))
		pm_note(cmd, "CXL memory devices (%s): the trace buffer overwrote part of the poison "
			"list: records are missing (try again)", names);
	for (size_t i = 0; i < c->nmemdevs; i++) {
		const struct pm_cxl_memdev *m = &c->memdevs[i];

		if (m->list == PM_CXL_LIST_FAILED)
			pm_note(cmd, "%s: reading its poison list failed: %s: its poison is unknown",
				m->name, strerror(m->err));
		if (m->flags & PM_CXL_FLAG_OVERFLOW)
			pm_note(cmd, "%s: the device's poison list overflowed: it holds less poison than "
				"there is (records say overflow: true)", m->name);
		if (m->flags & PM_CXL_FLAG_SCANNING)
			pm_note(cmd, "%s: the device is scanning its media: its list may still grow", m->name);
	}
	for (size_t i = 0; i < c->nrecs; i++)
		if (c->recs[i].system_ram == PM_SYSRAM_YES && first_of_device(c, i))
			pm_note(cmd, "%s", pm_system_ram_words(c->recs[i].device, names, sizeof(names)));
}

void pm_list_cxl_free(struct pm_cxl_view *v)
{
	pm_cxl_scan_free(&v->c);
	free(v->merged);
	v->merged = NULL;
}
