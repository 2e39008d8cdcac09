// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <libsmartcols.h>

#include "util/strings.h"
#include "util/table.h"

static const char *member(struct json_object *o, const char *key)
{
	struct json_object *v = json_object_object_get(o, key);

	return v ? json_object_get_string(v) : NULL;
}

/* "path@file-offset" for file data, else the owner and what it is. */
static void format_owners(struct json_object *v, char *buf, size_t len)
{
	size_t n = json_object_array_length(v), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		struct json_object *o = json_object_array_get_idx(v, i);
		const char *path = member(o, "path"), *off = member(o, "file_offset");
		const char *what = member(o, "what");

		if (path && off)
			used += snprintf(buf + used, len - used, "%s%s@%s", i ? "," : "", path, off);
		else
			used += snprintf(buf + used, len - used, "%s%s%s%s%s", i ? "," : "",
					 path ? path : member(o, "owner"), what ? " (" : "",
					 what ? what : "", what ? ")" : "");
	}
}

/* Format one JSON value for a cell; "-" stands for null/absent. */
static void format_cell(struct json_object *v, enum table_fmt fmt, char *buf, size_t len)
{
	if (!v) {
		snprintf(buf, len, "-");
		return;
	}
	switch (fmt) {
	case TABLE_HEX:
		snprintf(buf, len, "0x%" PRIx64, json_object_get_uint64(v));
		return;
	case TABLE_SIZE:
		format_size(json_object_get_uint64(v), buf, len);
		return;
	case TABLE_LIST:
		if (json_object_is_type(v, json_type_array)) {
			size_t n = json_object_array_length(v), used = 0;

			buf[0] = '\0';
			for (size_t i = 0; i < n && used < len; i++)
				used += snprintf(buf + used, len - used, "%s%s", i ? "," : "",
						 json_object_get_string(json_object_array_get_idx(v, i)));
			return;
		}
		break;
	case TABLE_OWNERS:
		if (json_object_is_type(v, json_type_array)) {
			format_owners(v, buf, len);
			return;
		}
		break;
	case TABLE_TEXT:
		break;
	}
	snprintf(buf, len, "%s", json_object_get_string(v));
}

int table_print(FILE *f, struct json_object *records,
		const struct table_col *cols, size_t ncols)
{
	struct libscols_table *tb = scols_new_table();
	int rc = -ENOMEM;

	if (!tb)
		return rc;
	for (size_t c = 0; c < ncols; c++)
		if (!scols_table_new_column(tb, cols[c].header, 0,
					    cols[c].right ? SCOLS_FL_RIGHT : 0))
			goto out;
	for (size_t i = 0; i < json_object_array_length(records); i++) {
		struct json_object *rec = json_object_array_get_idx(records, i);
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			goto out;
		for (size_t c = 0; c < ncols; c++) {
			struct json_object *v = NULL;
			char cell[1024];

			json_object_object_get_ex(rec, cols[c].key, &v);
			format_cell(v, cols[c].fmt, cell, sizeof(cell));
			if (scols_line_set_data(ln, c, cell))
				goto out;
		}
	}
	scols_table_set_stream(tb, f);
	rc = scols_print_table(tb);
out:
	scols_unref_table(tb);
	return rc;
}
