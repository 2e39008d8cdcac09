// SPDX-License-Identifier: GPL-2.0
/*
 * JSON views of the poison model. Every record is flat (one level of
 * scalars, plus the "dimms" list of names) so that jq filters and monitoring
 * pipelines never meet a shape that depends on the data.
 */
#include <json-c/json.h>

#include "cmd/poison-json.h"
#include "util/json.h"

static void add_unit_fields(void *o, const struct json_sink *set, const struct pm_unit *u)
{
	set->str(o, "kind", "nvdimm");	/* CXL records say "cxl" (cmd/cxl-json.c) */
	set->str(o, "bus", u->bus);
	set->str(o, "provider", u->provider);
	set->str(o, "region", u->region);
	set->str(o, "namespace", u->namespace);
	set->str(o, "mode", pm_mode_name(u->mode));
	set->str(o, "device", u->device);
	/* "cut": the kernel's list ended at its page and ranges past it are missing */
	set->str(o, "poison_list", pm_list_name(u->list));
}

/* Record @p's own fields, after its unit's. */
static void add_poison_fields(void *o, const struct json_sink *set, const struct pm_poison *p)
{
	set->str(o, "area", pm_area_name(p->area));
	set->str(o, "source", pm_source_name(p->source));
	/* false: "namespace": null means "not known", not "in no namespace" */
	set->boolean(o, "placed", true, !p->unplaced);
	set->u64(o, "offset", p->has_data_offset, p->data_offset);
	set->u64(o, "sector", p->has_data_offset, p->data_offset / PM_SECTOR);
	set->u64(o, "region_offset", p->has_region_offset, p->region_offset);
	set->u64(o, "region_sector", p->has_region_offset, p->region_offset / PM_SECTOR);
	set->u64(o, "spa", p->has_spa, p->spa);
	set->u64(o, "length", true, p->length);
	set->u64(o, "sectors", true, p->length / PM_SECTOR);
	set->strs(o, "dimms", p->dimms_known, p->dimms, p->ndimms);
	/* the kernel may hand these pages to any process (cmd/list-poison.c's note) */
	set->boolean(o, "system_ram", p->system_ram != PM_SYSRAM_UNKNOWN, p->system_ram == PM_SYSRAM_YES);
}

/* Record @p of @u, key by key, into @o through @set: its keys and their order are these two functions'. */
static void fill_record(void *o, const struct json_sink *set, const struct pm_unit *u, const struct pm_poison *p)
{
	add_unit_fields(o, set, u);
	add_poison_fields(o, set, p);
}

struct json_object *pm_poison_to_json(const struct pm_unit *u, const struct pm_poison *p)
{
	struct json_object *o = json_object_new_object();

	if (o)
		fill_record(o, &json_object_sink, u, p);
	return o;
}

/* Whether @a and @b show the same unit fields (add_unit_fields'). */
static bool same_unit_fields(const struct pm_unit *a, const struct pm_unit *b)
{
	return a->bus == b->bus && a->provider == b->provider && a->region == b->region &&
	       a->namespace == b->namespace && a->mode == b->mode && a->device == b->device && a->list == b->list;
}

void pm_poison_to_json_text(struct pm_record_text *w, const struct pm_unit *u, const struct pm_poison *p)
{
	struct json_text *t = &w->t;

	if (w->has_unit && same_unit_fields(&w->unit, u)) {
		json_text_rewind(t, &w->after_unit);
	} else {
		json_text_begin(t);
		json_text_open(t, '{');
		add_unit_fields(t, &json_text_sink, u);
		w->has_unit = json_text_mark(t, &w->after_unit);
		w->unit = *u;
	}
	add_poison_fields(t, &json_text_sink, p);
	json_text_close(t);
}

void pm_record_text_free(struct pm_record_text *w)
{
	json_text_free(&w->t);
	w->has_unit = false;
}

struct json_object *pm_unit_to_json(const struct pm_unit *u)
{
	struct json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	add_unit_fields(o, &json_object_sink, u);
	json_add_bool(o, "enabled", !u->disabled);
	json_add_u64(o, "ranges", !u->unknown, u->ranges);
	json_add_u64(o, "bytes", !u->unknown, u->bytes);
	json_add_u64(o, "data_bytes", !u->unknown, u->data_bytes);
	json_add_u64(o, "metadata_bytes", !u->unknown, u->metadata_bytes);
	json_add_u64(o, "unclaimed_bytes", !u->unknown, u->unclaimed_bytes);
	return o;
}

static struct json_object *owner_json(const struct pm_rec_owner *w)
{
	struct json_object *o = json_object_new_object();

	json_add_str(o, "owner", pm_owner_kind_name(w->kind));
	json_add_str(o, "path", w->path);
	json_add_u64(o, "inode", w->kind == PM_OWNER_FILE, w->inode);
	json_add_u64(o, "file_offset", w->has_file_offset, w->file_offset);
	json_add_u64(o, "offset", true, w->dev.start);
	json_add_u64(o, "length", true, w->dev.len);
	json_add_str(o, "what", w->what);
	json_add_bool(o, "unwritten", w->unwritten);
	return o;
}

void pm_files_add_json(struct json_object *rec, const struct pm_rec_files *f)
{
	struct json_object *a = f->method ? json_object_new_array() : NULL;

	for (size_t i = 0; a && i < f->n; i++)
		json_add_elem(a, owner_json(&f->owners[i]));
	json_add_str(rec, "mount", f->mount);
	json_add_str(rec, "files_method", f->method);
	if (f->method)
		json_add_made(rec, "files", a);
	else
		json_add_obj(rec, "files", NULL);	/* not mapped */
}
