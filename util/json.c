// SPDX-License-Identifier: GPL-2.0
#include "util/json.h"

/*
 * Keys are string literals added once per object: telling json-c so skips
 * its duplicate lookup and key copy, which is most of the cost of building
 * hundreds of records.
 */
#define KEY_FLAGS (JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT)

void json_add_u64(struct json_object *obj, const char *key, bool valid, uint64_t v)
{
	json_object_object_add_ex(obj, key, valid ? json_object_new_uint64(v) : NULL, KEY_FLAGS);
}

void json_add_str(struct json_object *obj, const char *key, const char *s)
{
	json_object_object_add_ex(obj, key, s ? json_object_new_string(s) : NULL, KEY_FLAGS);
}

int json_print(FILE *f, struct json_object *obj, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text;

	/* json-c prints an empty array as "[\n]" when pretty; keep it "[]" */
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
