// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <libsmartcols.h>

#include "util/json.h"
#include "util/lazylib.h"
#include "util/strings.h"
#include "util/table.h"

/* libsmartcols is loaded for the first table (util/lazylib.h) */
LAZYLIB_PROTOTYPE(scols_new_table);
LAZYLIB_PROTOTYPE(scols_unref_table);
LAZYLIB_PROTOTYPE(scols_table_new_column);
LAZYLIB_PROTOTYPE(scols_table_new_line);
LAZYLIB_PROTOTYPE(scols_table_set_name);
LAZYLIB_PROTOTYPE(scols_table_set_stream);
LAZYLIB_PROTOTYPE(scols_table_enable_json);
LAZYLIB_PROTOTYPE(scols_table_enable_noheadings);
LAZYLIB_PROTOTYPE(scols_table_enable_raw);
LAZYLIB_PROTOTYPE(scols_column_get_width);
LAZYLIB_PROTOTYPE(scols_column_set_json_type);
LAZYLIB_PROTOTYPE(scols_column_set_wrapfunc);
LAZYLIB_PROTOTYPE(scols_line_set_data);
LAZYLIB_PROTOTYPE(scols_print_table);
LAZYLIB_PROTOTYPE(scols_print_table_to_string);
LAZYLIB_PROTOTYPE(scols_wrapnl_chunksize);
LAZYLIB_PROTOTYPE(scols_wrapnl_nextchunk);

static const struct lazylib_sym smartcols_syms[] = {
	LAZYLIB_SYM(scols_new_table), LAZYLIB_SYM(scols_unref_table), LAZYLIB_SYM(scols_table_new_column),
	LAZYLIB_SYM(scols_table_new_line), LAZYLIB_SYM(scols_table_set_name),
	LAZYLIB_SYM(scols_table_set_stream), LAZYLIB_SYM(scols_table_enable_json),
	LAZYLIB_SYM(scols_table_enable_noheadings), LAZYLIB_SYM(scols_table_enable_raw),
	LAZYLIB_SYM(scols_column_get_width), LAZYLIB_SYM(scols_column_set_json_type),
	LAZYLIB_SYM(scols_column_set_wrapfunc), LAZYLIB_SYM(scols_line_set_data),
	LAZYLIB_SYM(scols_print_table), LAZYLIB_SYM(scols_print_table_to_string),
	LAZYLIB_SYM(scols_wrapnl_chunksize), LAZYLIB_SYM(scols_wrapnl_nextchunk)
};
static struct lazylib libsmartcols = LAZYLIB("libsmartcols.so.1", "tables", smartcols_syms);
LAZYLIB_NOTE(libsmartcols, "libsmartcols.so.1", "tables (--human and the table options)");

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
		const char *what = member(o, "what"), *sep = !i ? "" : table_shape.json ? "\n" : ",";

		if (path && off)
			used += snprintf(buf + used, len - used, "%s%s@%s", sep, path, off);
		else
			used += snprintf(buf + used, len - used, "%s%s%s%s%s", sep,
					 path ? path : member(o, "owner"), what ? " (" : "",
					 what ? what : "", what ? ")" : "");
	}
}

struct table_shape table_shape;

/* Array items joined by @sep: "," in a table, "\n" for a -J array. */
static void format_list(struct json_object *v, const char *sep, char *buf, size_t len)
{
	size_t n = json_object_array_length(v), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", i ? sep : "",
				 json_object_get_string(json_object_array_get_idx(v, i)));
}

/*
 * Format one JSON value for a cell; "-" stands for null/absent. With -J the
 * cell carries the JSON value itself (numbers exact and decimal, lists one
 * item a line), so the JSON of the table says what the command's JSON says.
 */
static void format_cell(struct json_object *v, enum table_fmt fmt, char *buf, size_t len)
{
	if (!v) {
		snprintf(buf, len, "-");
		return;
	}
	if (table_shape.json && fmt != TABLE_OWNERS) {
		if (json_object_is_type(v, json_type_array))
			format_list(v, "\n", buf, len);
		else if (json_object_is_type(v, json_type_boolean))	/* libsmartcols: any text but "0" is true */
			snprintf(buf, len, "%d", json_object_get_boolean(v));
		else
			snprintf(buf, len, "%s", json_object_get_string(v));
		return;
	}
	switch (fmt) {
	case TABLE_HEX:
		snprintf(buf, len, "0x%" PRIx64, json_object_get_uint64(v));
		return;
	case TABLE_SIZE:
		if (table_shape.bytes)
			snprintf(buf, len, "%" PRIu64, json_object_get_uint64(v));
		else
			format_size(json_object_get_uint64(v), buf, len);
		return;
	case TABLE_LIST:
		if (json_object_is_type(v, json_type_array)) {
			format_list(v, ",", buf, len);
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

/* ------------------------------------------------------------ columns */

static bool col_named(const struct table_col *c, const char *name, size_t len)
{
	return (strlen(c->header) == len && !strncasecmp(c->header, name, len)) ||
	       (strlen(c->key) == len && !strncasecmp(c->key, name, len));
}

/*
 * The columns to print, as indexes into @cols: the defaults, or -o's list
 * (after the defaults when it starts with '+'). Names missing from @cols
 * are skipped here; table_check_output() refused the unknown ones already.
 */
static size_t select_cols(const struct table_col *cols, size_t ncols, size_t *sel,
			  char *bad, size_t badlen)
{
	const char *p = table_shape.output;
	size_t n = 0;

	if (!p || *p == '+')
		for (size_t c = 0; c < ncols && n < TABLE_MAX_COLS; c++)
			if (!(cols[c].flags & TABLE_EXTRA))
				sel[n++] = c;
	if (p && *p == '+')
		p++;
	while (p && *p) {
		size_t len = strcspn(p, ","), c;

		for (c = 0; c < ncols && !col_named(&cols[c], p, len); c++)
			;
		if (c < ncols && n < TABLE_MAX_COLS)
			sel[n++] = c;
		else if (c == ncols && bad && !bad[0])
			snprintf(bad, badlen, "%.*s", len ? (int)len : 7, len ? p : "(empty)");
		/* "region," names an empty column last, as "region,,sector" does in the middle */
		if (p[len] == ',' && !p[len + 1] && bad && !bad[0])
			snprintf(bad, badlen, "%s", "(empty)");
		p += len + (p[len] == ',');
	}
	return n;
}

int table_check_output(const struct table_col *cols, size_t ncols, char *bad, size_t badlen)
{
	size_t sel[TABLE_MAX_COLS];

	bad[0] = '\0';
	if (table_shape.output && !*table_shape.output)
		snprintf(bad, badlen, "%s", "(empty)");
	else
		select_cols(cols, ncols, sel, bad, badlen);
	return bad[0] ? -EINVAL : 0;
}

void table_list_columns(FILE *f, const struct table_col *cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++)
		fprintf(f, "%-14s %-14s %s\n", cols[c].header, cols[c].key,
			cols[c].flags & TABLE_EXTRA ? "with -o" : "default");
}

/* ------------------------------------------------------------ wrapping */

/* Where a wrapped cell may break: between words and between list items. */
#define BREAKS " ,"

/*
 * libsmartcols (2.38) makes a column with a wrap function as wide as its
 * widest chunk and never narrower: a cell's chunk is as much of it as fits
 * the width table_print() worked out (*@u), and at least its widest word.
 */
static size_t word_chunksize(const struct libscols_column *cl, const char *data, void *u)
{
	size_t max = 0, len = data ? strlen(data) : 0, fit = *(const size_t *)u;

	(void)cl;
	while (data && *data) {
		size_t word = strcspn(data, BREAKS);

		max = word > max ? word : max;
		data += word + (data[word] != '\0');
	}
	return len < fit ? len : fit > max ? fit : max;
}

/*
 * Cut @data after as many whole words as fit the column (the space or
 * comma at the cut is dropped); returns the rest, or NULL when all fits.
 */
static char *word_nextchunk(const struct libscols_column *cl, char *data, void *u)
{
	size_t width = sym_scols_column_get_width(cl), end = 0;

	(void)u;
	if (!data || strlen(data) <= width)
		return NULL;
	for (size_t i = strcspn(data, BREAKS); data[i]; i += 1 + strcspn(data + i + 1, BREAKS)) {
		if (i > width && end)
			break;
		end = i;
	}
	if (!end)
		return NULL;
	data[end] = '\0';
	return data + end + 1;
}

/* ------------------------------------------------------------ printing */

/* -J: the JSON type of a column, from the first record that has a value. */
static int column_json_type(struct json_object *records, const char *key)
{
	size_t n = json_object_is_type(records, json_type_array) ? json_object_array_length(records) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_object_get(json_object_array_get_idx(records, i), key);

		if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
			return SCOLS_JSON_NUMBER;
		if (json_object_is_type(v, json_type_boolean))
			return SCOLS_JSON_BOOLEAN_OPTIONAL;	/* null stays null (plain BOOLEAN: false) */
		if (json_object_is_type(v, json_type_array))
			return SCOLS_JSON_ARRAY_STRING;
		if (v)
			return SCOLS_JSON_STRING;
	}
	return SCOLS_JSON_STRING;
}

/*
 * Fitting the terminal is for a terminal: in a pipe, or with --raw, a
 * record is one line whatever its width.
 */
static int add_column(struct libscols_table *tb, const struct table_col *col,
		      struct json_object *records, size_t *wrap_width)
{
	bool fit = wrap_width != NULL;
	int flags = (col->right ? SCOLS_FL_RIGHT : 0) |
		    (fit && (col->flags & TABLE_TRUNC) ? SCOLS_FL_TRUNC : 0) |
		    (fit && (col->flags & TABLE_WRAP) ? SCOLS_FL_WRAP : 0);
	struct libscols_column *cl;
	int type = SCOLS_JSON_STRING;

	if (table_shape.json) {
		type = column_json_type(records, col->key);
		flags = type == SCOLS_JSON_ARRAY_STRING ? SCOLS_FL_WRAP : 0;
	}
	cl = sym_scols_table_new_column(tb, table_shape.json ? col->key : col->header, 0, flags);
	if (!cl || sym_scols_column_set_json_type(cl, type))
		return -ENOMEM;
	if (type == SCOLS_JSON_ARRAY_STRING)
		return sym_scols_column_set_wrapfunc(cl, sym_scols_wrapnl_chunksize, sym_scols_wrapnl_nextchunk, NULL);
	if (flags & SCOLS_FL_WRAP)
		return sym_scols_column_set_wrapfunc(cl, word_chunksize, word_nextchunk, wrap_width);
	return 0;
}

static int add_line(struct libscols_table *tb, struct json_object *rec,
		    const struct table_col *cols, const size_t *sel, size_t n)
{
	struct libscols_line *ln = sym_scols_table_new_line(tb, NULL);

	if (!ln)
		return -ENOMEM;
	for (size_t c = 0; c < n; c++) {
		struct json_object *v = NULL;
		char cell[1024];

		json_object_object_get_ex(rec, cols[sel[c]].key, &v);
		format_cell(v, cols[sel[c]].fmt, cell, sizeof(cell));
		/* -J: null stays null */
		if (sym_scols_line_set_data(ln, c, table_shape.json && !v ? NULL : cell))
			return -ENOMEM;
	}
	return 0;
}

/* A column's width unwrapped: its header or its widest cell. */
static size_t natural_width(struct json_object *records, size_t nrec, const struct table_col *col)
{
	size_t w = strlen(col->header);

	for (size_t i = 0; i < nrec; i++) {
		struct json_object *v = NULL;
		char cell[1024];

		json_object_object_get_ex(json_object_array_get_idx(records, i), col->key, &v);
		format_cell(v, col->fmt, cell, sizeof(cell));
		w = strlen(cell) > w ? strlen(cell) : w;
	}
	return w;
}

/*
 * On a terminal too narrow for the table, the wrapping columns share what
 * the others leave of its width; SIZE_MAX when all fits (or no terminal).
 */
static size_t wrap_width(FILE *f, struct json_object *records, size_t nrec,
			 const struct table_col *cols, const size_t *sel, size_t n)
{
	struct winsize ws;
	size_t total = n ? n - 1 : 0, fixed = total, nwrap = 0;

	if (ioctl(fileno(f), TIOCGWINSZ, &ws) || !ws.ws_col)
		return SIZE_MAX;
	for (size_t c = 0; c < n; c++) {
		size_t w = natural_width(records, nrec, &cols[sel[c]]);

		total += w;
		if (cols[sel[c]].flags & TABLE_WRAP)
			nwrap++;
		else
			fixed += w;
	}
	if (total <= ws.ws_col || !nwrap)
		return SIZE_MAX;
	return fixed < ws.ws_col ? (ws.ws_col - fixed) / nwrap : 1;
}

static void shape(struct libscols_table *tb)
{
	sym_scols_table_enable_noheadings(tb, table_shape.noheadings);
	sym_scols_table_enable_raw(tb, table_shape.raw);
	sym_scols_table_enable_json(tb, table_shape.json);
	if (table_shape.json)
		sym_scols_table_set_name(tb, table_shape.name ? table_shape.name : "pmemctl");
}

/*
 * libsmartcols prints nothing for a table without lines; an empty result
 * still says what it would have listed: the header of a table with one
 * empty line, without that line.
 */
static int print_header_only(struct libscols_table *tb, FILE *f)
{
	char *text = NULL;
	int rc = sym_scols_table_new_line(tb, NULL) ? sym_scols_print_table_to_string(tb, &text) : -ENOMEM;

	if (!rc)
		fprintf(f, "%.*s\n", (int)strcspn(text, "\n"), text);
	free(text);
	return rc;
}

int table_require(void)
{
	return lazylib_load(&libsmartcols);
}

int table_print(FILE *f, struct json_object *records,
		const struct table_col *cols, size_t ncols)
{
	int rc = json_lost_take() ? -ENOMEM : lazylib_load(&libsmartcols);	/* a record lacks a value */
	struct libscols_table *tb = rc ? NULL : sym_scols_new_table();
	size_t sel[TABLE_MAX_COLS], n = select_cols(cols, ncols, sel, NULL, 0);
	/* no records (a null list) is an empty table */
	size_t nrec = json_object_is_type(records, json_type_array) ? json_object_array_length(records) : 0;
	bool fit = !table_shape.raw && !table_shape.json && isatty(fileno(f));
	size_t width = fit ? wrap_width(f, records, nrec, cols, sel, n) : SIZE_MAX;

	if (!tb)
		return rc ? rc : -ENOMEM;
	rc = -ENOMEM;
	for (size_t c = 0; c < n; c++)
		if (add_column(tb, &cols[sel[c]], records, fit ? &width : NULL))
			goto out;
	for (size_t i = 0; i < nrec; i++)
		if (add_line(tb, json_object_array_get_idx(records, i), cols, sel, n))
			goto out;
	shape(tb);
	if (!nrec && !table_shape.json && !table_shape.noheadings) {
		rc = print_header_only(tb, f);
		goto out;
	}
	sym_scols_table_set_stream(tb, f);
	rc = sym_scols_print_table(tb);
out:
	sym_scols_unref_table(tb);
	return rc;
}
