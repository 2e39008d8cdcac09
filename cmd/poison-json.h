/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JSON view of the poison model, shared by every command that shows
 * poison (list-poison, monitor, inject): renderings of lib/'s structs only.
 */
#ifndef PMEMCTL_CMD_POISON_JSON_H
#define PMEMCTL_CMD_POISON_JSON_H
#include "lib/cxl.h"
#include "lib/poison-files.h"
#include "lib/poison.h"
#include "util/json-text.h"

struct json_object;

/* A record of unit @u, flat: list-poison's shape. */
struct json_object *pm_poison_to_json(const struct pm_unit *u, const struct pm_poison *p);
/*
 * The same written as text, as json-c prints that object as an element of
 * a top-level pretty array: for a listing printed as it is made. The
 * unit's fields, the first half of every record, are written once for a
 * run of records whose unit shows the same strings (compared by address:
 * the model's strings do not change while it is printed).
 */
struct pm_record_text {
	struct json_text t;
	bool has_unit;
	struct pm_unit unit;			/* whose fields t holds up to after_unit */
	struct json_text_mark after_unit;
};
void pm_poison_to_json_text(struct pm_record_text *w, const struct pm_unit *u, const struct pm_poison *p);
void pm_record_text_free(struct pm_record_text *w);
/* A region's or namespace's row of list-poison --summary. */
struct json_object *pm_unit_to_json(const struct pm_unit *u);
/* The --files fields of a record: mount, files_method, files. */
void pm_files_add_json(struct json_object *rec, const struct pm_rec_files *f);
/* A CXL poison record, and a CXL memdev's row of --summary (cmd/cxl-json.c). */
struct json_object *pm_cxl_rec_to_json(const struct pm_cxl_scan *s, const struct pm_cxl_rec *r);
struct json_object *pm_cxl_memdev_to_json(const struct pm_cxl_memdev *m);
#endif
