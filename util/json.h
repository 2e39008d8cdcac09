/* SPDX-License-Identifier: GPL-2.0 */
/* json-c conveniences: nullable numbers and one way of printing. */
#ifndef PMEMCTL_UTIL_JSON_H
#define PMEMCTL_UTIL_JSON_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

#include "util/json-text.h"

/* Add @key (a string literal, new to @obj) as a number, or null when !@valid. */
void json_add_u64(struct json_object *obj, const char *key, bool valid, uint64_t v);
/* Add @key (a string literal, new to @obj) as a string, or null when @s is NULL. */
void json_add_str(struct json_object *obj, const char *key, const char *s);
/* Add @key (a string literal, new to @obj) as a boolean. */
void json_add_bool(struct json_object *obj, const char *key, bool v);
/* Add @key (a string literal, new to @obj) as a boolean, or null when !@known. */
void json_add_known_bool(struct json_object *obj, const char *key, bool known, bool v);
/* Add @key with @v itself as its value (NULL: null); @obj now owns @v. */
void json_add_obj(struct json_object *obj, const char *key, struct json_object *v);
/* Add @key with @v, which was to be made: NULL means it could not be (lost), not null. */
void json_add_made(struct json_object *obj, const char *key, struct json_object *v);
/* json_add_made() when @known, else null (@v, then NULL, is put): a value made only when it applies. */
void json_add_known(struct json_object *obj, const char *key, bool known, struct json_object *v);
/* Append @v (NULL: it could not be made) to @arr, which now owns it; false if it was lost. */
bool json_add_elem(struct json_object *arr, struct json_object *v);
/* Add @key, copied (any string), with @v (NULL: null); @obj now owns @v. */
void json_add_copy(struct json_object *obj, const char *key, struct json_object *v);
/* Record a loss made elsewhere: a value the document should have, that could not be made. */
void json_lost_mark(void);
/*
 * Whether a value was lost (an allocation failed) since the last call: the
 * json_add_* calls record it, and json_print, json_out_add and table_print
 * fail on it rather than print a document with a value missing or null.
 */
bool json_lost_take(void);

/*
 * Where one rendering of a flat record goes, key by key in its order: into
 * a json-c object (@dst a struct json_object *, each key new to it) or
 * straight into text (@dst a struct json_text *, inside an open object).
 * @strs is an array of @n strings, or null when !@known.
 */
struct json_sink {
	void (*u64)(void *dst, const char *key, bool valid, uint64_t v);
	void (*str)(void *dst, const char *key, const char *s);
	void (*boolean)(void *dst, const char *key, bool known, bool v);	/* null when !known */
	void (*strs)(void *dst, const char *key, bool known, const char *const *s, unsigned int n);
};
extern const struct json_sink json_object_sink, json_text_sink;

/*
 * Print @obj followed by a newline; @pretty selects indented output. -1
 * only when it cannot be built: write errors are left in @f's error flag,
 * for the one check of stdout at exit (cmd/output.c).
 */
int json_print(FILE *f, struct json_object *obj, bool pretty);

/*
 * A JSON array as it is made: kept (for views built from the whole array,
 * such as tables) or printed element by element exactly as json_print()
 * prints the whole array (pretty), so that a long listing never holds all
 * of its objects at once.
 */
struct json_array_out {
	FILE *f;			/* printing to @f; NULL: keeping them in @arr */
	struct json_object *arr;
	size_t n;			/* elements added */
	struct json_object *wrap;	/* printing: the one-element array each element is printed in */
	bool failed;			/* an element or the array could not be made */
};
/* Keep the elements in a new array (o->arr, the caller puts it). */
void json_out_keep(struct json_array_out *o);
/* Print the elements to @f as they come. */
void json_out_print(struct json_array_out *o, FILE *f);
/* Add @obj (NULL: it could not be made), which the array now owns. */
void json_out_add(struct json_array_out *o, struct json_object *obj);
/* Printing only: print an element written as text (util/json-text.h); -1 if it failed. */
void json_out_print_text(struct json_array_out *o, const struct json_text *t);
/* Printing: the array's end. -1 if anything could not be made, as json_print(). */
int json_out_end(struct json_array_out *o);
#endif
