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

/*
 * Print @obj followed by a newline; @pretty selects indented output. -1
 * only when it cannot be built: write errors are left in @f's error flag,
 * for the one check of stdout at exit (cmd/output.c).
 */
int json_print(FILE *f, struct json_object *obj, bool pretty);
#endif
