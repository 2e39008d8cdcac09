// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "util/json.h"

/*
 * Keys are string literals added once per object: telling json-c so skips
 * its duplicate lookup and key copy, which is most of the cost of building
 * hundreds of records.
 */
#define KEY_FLAGS (JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT)

/*
 * A value lost to a failed allocation since the last document was printed:
 * sticky, like a stream's error flag, so that one check where a document is
 * printed (json_print, json_out_*, table_print) stands for the many places
 * that add values. Without it a lost value would print as null, which
 * means "not known".
 */
static bool lost_value;

bool json_lost_take(void)
{
	bool lost = lost_value;

	lost_value = false;
	return lost;
}

/*
 * @v under @key in @obj (json-c's @opts); @made: @v was to be made (NULL: it
 * could not be), not a null meant.
 */
static void add_ex(struct json_object *obj, const char *key, struct json_object *v, bool made, unsigned int opts)
{
	if ((made && !v) || !obj || json_object_object_add_ex(obj, key, v, opts)) {
		lost_value = true;
		json_object_put(v);	/* json-c keeps no reference to a value it could not place */
	}
}

static void add(struct json_object *obj, const char *key, struct json_object *v, bool made)
{
	add_ex(obj, key, v, made, KEY_FLAGS);
}

void json_add_u64(struct json_object *obj, const char *key, bool valid, uint64_t v)
{
	add(obj, key, valid ? json_object_new_uint64(v) : NULL, valid);
}

void json_add_str(struct json_object *obj, const char *key, const char *s)
{
	add(obj, key, s ? json_object_new_string(s) : NULL, s != NULL);
}

void json_add_bool(struct json_object *obj, const char *key, bool v)
{
	add(obj, key, json_object_new_boolean(v), true);
}

void json_add_known_bool(struct json_object *obj, const char *key, bool known, bool v)
{
	json_add_known(obj, key, known, known ? json_object_new_boolean(v) : NULL);
}

void json_add_obj(struct json_object *obj, const char *key, struct json_object *v)
{
	add(obj, key, v, false);
}

void json_add_made(struct json_object *obj, const char *key, struct json_object *v)
{
	add(obj, key, v, true);
}

void json_add_known(struct json_object *obj, const char *key, bool known, struct json_object *v)
{
	if (!known) {
		json_object_put(v);
		v = NULL;
	}
	add(obj, key, v, known);
}

void json_add_copy(struct json_object *obj, const char *key, struct json_object *v)
{
	add_ex(obj, key, v, false, 0);	/* json-c copies the key, and replaces a value under it */
}

void json_lost_mark(void)
{
	lost_value = true;
}

bool json_add_elem(struct json_object *arr, struct json_object *v)
{
	if (!v || !arr || json_object_array_add(arr, v)) {
		lost_value = true;
		json_object_put(v);
		return false;
	}
	return true;
}

static void obj_u64(void *dst, const char *key, bool valid, uint64_t v)
{
	json_add_u64(dst, key, valid, v);
}

static void obj_str(void *dst, const char *key, const char *s)
{
	json_add_str(dst, key, s);
}

static void obj_bool(void *dst, const char *key, bool known, bool v)
{
	json_add_known_bool(dst, key, known, v);
}

static void obj_strs(void *dst, const char *key, bool known, const char *const *s, unsigned int n)
{
	struct json_object *a = known ? json_object_new_array() : NULL;

	for (unsigned int i = 0; a && i < n; i++)
		json_add_elem(a, json_object_new_string(s[i]));
	add(dst, key, a, known);
}

static void text_u64(void *dst, const char *key, bool valid, uint64_t v)
{
	json_text_key(dst, key);
	json_text_u64(dst, valid, v);
}

static void text_str(void *dst, const char *key, const char *s)
{
	json_text_key(dst, key);
	json_text_str(dst, s);
}

static void text_bool(void *dst, const char *key, bool known, bool v)
{
	json_text_key(dst, key);
	if (known)
		json_text_bool(dst, v);
	else
		json_text_str(dst, NULL);	/* null */
}

static void text_strs(void *dst, const char *key, bool known, const char *const *s, unsigned int n)
{
	json_text_key(dst, key);
	if (!known) {
		json_text_str(dst, NULL);
		return;
	}
	json_text_open(dst, '[');
	for (unsigned int i = 0; i < n; i++)
		json_text_str(dst, s[i]);
	json_text_close(dst);
}

const struct json_sink json_object_sink = { obj_u64, obj_str, obj_bool, obj_strs };
const struct json_sink json_text_sink = { text_u64, text_str, text_bool, text_strs };

int json_print(FILE *f, struct json_object *obj, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text;

	if (json_lost_take())
		return -1;
	/* json-c before 0.17 prints an empty array as "[\n]" when pretty; keep it "[]" */
	if (json_object_is_type(obj, json_type_array) && json_object_array_length(obj) == 0)
		pretty = false;
	flags |= pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			: JSON_C_TO_STRING_PLAIN;
	text = json_object_to_json_string_ext(obj, flags);
	if (!text)
		return -1;
	/* a write error stays in @f's error flag: stdout is checked once, at exit */
	fprintf(f, "%s\n", text);
	return 0;
}

#define PRETTY (JSON_C_TO_STRING_NOSLASHESCAPE | JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED)

void json_out_keep(struct json_array_out *o)
{
	*o = (struct json_array_out){ .arr = json_object_new_array() };
	o->failed = !o->arr;
}

void json_out_print(struct json_array_out *o, FILE *f)
{
	*o = (struct json_array_out){ .f = f };
}

/*
 * @obj printed as json-c prints an element of a top-level array: as the
 * one element of a wrapper array, whose "[\n" and "\n]" are then left out,
 * so json-c does the indenting.
 */
static void json_out_print_one(struct json_array_out *o, struct json_object *obj)
{
	const char *text = NULL;
	size_t len = 0;

	if (!o->wrap)
		o->wrap = json_object_new_array();
	if (obj && o->wrap) {
		if (json_object_array_put_idx(o->wrap, 0, json_object_get(obj)) == 0)
			text = json_object_to_json_string_length(o->wrap, PRETTY, &len);
		else
			json_object_put(obj);	/* json-c keeps no reference it could not place */
	}
	if (text && len >= 4) {
		fputs(o->n ? ",\n" : "[\n", o->f);
		fwrite(text + 2, 1, len - 4, o->f);
		o->n++;
	} else {
		o->failed = true;
	}
}

void json_out_print_text(struct json_array_out *o, const struct json_text *t)
{
	if (t->failed || t->depth) {
		o->failed = true;
		return;
	}
	fputs(o->n ? ",\n" : "[\n", o->f);
	fwrite(t->buf, 1, t->len, o->f);
	o->n++;
}

void json_out_add(struct json_array_out *o, struct json_object *obj)
{
	if (json_lost_take()) {	/* @obj lacks a value: not an element to show */
		json_object_put(obj);
		obj = NULL;
	}
	if (!o->f) {
		o->failed |= !obj || !json_add_elem(o->arr, obj);	/* no array: @obj is put */
		return;
	}
	json_out_print_one(o, obj);
	json_object_put(obj);
}

int json_out_end(struct json_array_out *o)
{
	/*
	 * json-c prints an empty array "[]" unindented (json_print). A record
	 * that could not be made leaves the array open: a document that does
	 * not parse, never one that silently lacks records.
	 */
	if (o->f && !o->failed)
		fputs(o->n ? "\n]\n" : "[]\n", o->f);
	json_object_put(o->wrap);
	o->wrap = NULL;
	return o->failed ? -1 : 0;
}
