// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "util/journal.h"

static int add(struct journal_fields *f, char *field)
{
	char **v;

	if (!field)
		return -ENOMEM;
	v = realloc(f->v, (f->n + 1) * sizeof(*v));
	if (!v) {
		free(field);
		return -ENOMEM;
	}
	f->v = v;
	f->v[f->n++] = field;
	return 0;
}

/* "KEY=VALUE", malloc'ed; NULL on ENOMEM */
static char *kv(const char *key, const char *value)
{
	char *s = NULL;

	return asprintf(&s, "%s=%s", key, value) < 0 ? NULL : s;
}

/* PREFIX_KEY: journal field names are upper-case letters, digits and '_'. */
static char *field_name(const char *prefix, const char *key)
{
	char *name = NULL;

	if (asprintf(&name, "%s_%s", prefix, key) < 0)
		return NULL;
	for (char *c = name; c && *c; c++)
		*c = *c == '-' ? '_' : (char)toupper((unsigned char)*c);
	return name;
}

static bool strings_only(struct json_object *a)
{
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if (!json_object_is_type(json_object_array_get_idx(a, i), json_type_string))
			return false;
	return true;
}

/* A list of strings joined by ','; NULL on ENOMEM. */
static char *joined(struct json_object *a)
{
	size_t len = 1, at = 0;
	char *s;

	for (size_t i = 0; i < json_object_array_length(a); i++)
		len += strlen(json_object_get_string(json_object_array_get_idx(a, i))) + 1;
	s = calloc(1, len);
	for (size_t i = 0; s && i < json_object_array_length(a); i++)
		at += (size_t)snprintf(s + at, len - at, "%s%s", i ? "," : "",
				       json_object_get_string(json_object_array_get_idx(a, i)));
	return s;
}

static char *value_text(struct json_object *v)
{
	if (json_object_is_type(v, json_type_array) && strings_only(v))
		return joined(v);
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
		return strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	return strdup(json_object_get_string(v));
}

int journal_fields_build(struct json_object *event, const char *prefix, const char *ident, int priority,
			 struct journal_fields *out)
{
	char prio[16];
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(prio, sizeof(prio), "%d", priority);
	rc = add(out, kv("MESSAGE", json_object_to_json_string_ext(event, JSON_C_TO_STRING_PLAIN)));
	rc = rc ? rc : add(out, kv("PRIORITY", prio));
	rc = rc ? rc : add(out, kv("SYSLOG_IDENTIFIER", ident));
	json_object_object_foreach(event, key, v) {
		char *name, *text;

		if (rc || !v)
			continue;
		name = field_name(prefix, key);
		text = value_text(v);
		rc = name && text ? add(out, kv(name, text)) : -ENOMEM;
		free(name);
		free(text);
	}
	if (rc)
		journal_fields_free(out);
	return rc;
}

void journal_fields_free(struct journal_fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
