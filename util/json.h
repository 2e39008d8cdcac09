/* SPDX-License-Identifier: GPL-2.0 */
/* json-c conveniences: nullable numbers and one way of printing. */
#ifndef PMEMCTL_UTIL_JSON_H
#define PMEMCTL_UTIL_JSON_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

/* Add @key (a string literal, new to @obj) as a number, or null when !@valid. */
void json_add_u64(struct json_object *obj, const char *key, bool valid, uint64_t v);
/* Add @key (a string literal, new to @obj) as a string, or null when @s is NULL. */
void json_add_str(struct json_object *obj, const char *key, const char *s);
/* Add @key (a string literal, new to @obj) as a boolean. */
void json_add_bool(struct json_object *obj, const char *key, bool v);
/* Add @key with @v itself as its value (NULL: null); @obj now owns @v. */
void json_add_obj(struct json_object *obj, const char *key, struct json_object *v);

/*
 * The same for an object refilled for the next element of a listing
 * printed as it is made: the key, there already, gets the new value in
 * place (a number or string value is changed, not made anew), so a long
 * listing makes no object per element, and the keys keep their order.
 */
void json_set_u64(struct json_object *obj, const char *key, bool valid, uint64_t v);
void json_set_str(struct json_object *obj, const char *key, const char *s);
void json_set_bool(struct json_object *obj, const char *key, bool v);
void json_set_obj(struct json_object *obj, const char *key, struct json_object *v);

/* One of the two ways of filling an object, for code that does both. */
struct json_setters {
	void (*u64)(struct json_object *obj, const char *key, bool valid, uint64_t v);
	void (*str)(struct json_object *obj, const char *key, const char *s);
	void (*boolean)(struct json_object *obj, const char *key, bool v);
	void (*obj)(struct json_object *obj, const char *key, struct json_object *v);
};
extern const struct json_setters json_adding, json_setting;

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
/* Printing only: print @obj, which stays the caller's (to be refilled). */
void json_out_print_one(struct json_array_out *o, struct json_object *obj);
/* Printing: the array's end. -1 if anything could not be made, as json_print(). */
int json_out_end(struct json_array_out *o);
#endif
