// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "util/json-text.h"

#define PRETTY (JSON_C_TO_STRING_NOSLASHESCAPE | JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED)

/* Decimal digits of @v, ending at @end (room for 20): the first of them. Two at a time: half the divisions. */
static char *u64_digits(char *end, uint64_t v)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				    "8081828384858687888990919293949596979899";

	while (v >= 100) {
		const char *d = pairs + 2 * (v % 100);

		v /= 100;
		*--end = d[1];
		*--end = d[0];
	}
	if (v >= 10) {
		*--end = pairs[2 * v + 1];
		*--end = pairs[2 * v];
	} else {
		*--end = (char)('0' + v);
	}
	return end;
}

static bool grow(struct json_text *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 4096;
	char *b;

	while (cap < t->len + n)
		cap *= 2;
	b = realloc(t->buf, cap);
	if (!b)
		return false;
	t->buf = b;
	t->cap = cap;
	return true;
}

/* Room for @n more bytes: where they go, or NULL (failed). */
static inline char *reserve(struct json_text *t, size_t n)
{
	if (t->len + n > t->cap && (t->failed || !grow(t, n))) {
		t->failed = true;
		return NULL;
	}
	return t->buf + t->len;
}

static inline void put(struct json_text *t, const char *s, size_t n)
{
	char *w = reserve(t, n);

	if (w) {
		memcpy(w, s, n);
		t->len += n;
	}
}

static inline void put_str(struct json_text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* A comma (when @comma), a line break and json-c's indent: two spaces a level (the top element is at 1). */
static inline char *line_at(char *w, bool comma, size_t level)
{
	if (comma)
		*w++ = ',';
	*w++ = '\n';
	for (size_t i = 0; i < level; i++, w += 2)	/* a level or three: no call to memset */
		w[0] = w[1] = ' ';
	return w;
}

/* @n bytes of @s at @w (no terminating NUL: text goes on after them); past them. */
static char *append(char *w, const char *s, size_t n)
{
	memcpy(w, s, n);
	return w + n;
}

static void line(struct json_text *t, bool comma, size_t level)
{
	char *w = reserve(t, 2 + level * 2);

	if (w)
		t->len = (size_t)(line_at(w, comma, level) - t->buf);
}

void json_text_begin(struct json_text *t)
{
	t->len = 0;
	t->depth = 0;
	t->failed = !t->buf && !grow(t, 0);
}

/*
 * What comes before a value: the top element's indent, or in an array the
 * comma, line break and indent of an element (a member's came with its key).
 */
static inline void before_value(struct json_text *t)
{
	if (t->depth == 0) {
		put(t, "  ", 2);
		return;
	}
	if (t->open[t->depth - 1] != '[')
		return;
	line(t, t->members[t->depth - 1], t->depth + 1);
	t->members[t->depth - 1] = true;
}

void json_text_open(struct json_text *t, char kind)
{
	before_value(t);
	if (t->depth == JSON_TEXT_DEPTH) {
		t->failed = true;
		return;
	}
	put(t, kind == '[' ? "[" : "{", 1);
	t->open[t->depth] = kind;
	t->members[t->depth++] = false;
}

/* Whether this json-c (the one loaded, not the headers') prints an empty container as "[]" (0.17 on) or "[\n  ]". */
static bool empty_on_one_line(void)
{
	static int known = -1;

	if (known < 0)
		known = json_c_version_num() >= 0x001100;
	return known;
}

/* As json-c ends them: a line break and the container's indent, but an empty one as json-c's version does. */
void json_text_close(struct json_text *t)
{
	if (t->depth == 0) {
		t->failed = true;
		return;
	}
	t->depth--;
	if (t->members[t->depth] || !empty_on_one_line())
		line(t, false, t->depth + 1);
	put(t, t->open[t->depth] == '[' ? "]" : "}", 1);
}

void json_text_key(struct json_text *t, const char *key)
{
	size_t len = strlen(key);
	char *w;

	if (t->depth == 0 || t->open[t->depth - 1] != '{') {
		t->failed = true;
		return;
	}
	w = reserve(t, 2 + ((size_t)t->depth + 1) * 2 + len + 4);
	if (!w)
		return;
	w = line_at(w, t->members[t->depth - 1], t->depth + 1);
	t->members[t->depth - 1] = true;
	*w++ = '"';
	w = append(w, key, len);
	w = append(w, "\": ", 3);
	t->len = (size_t)(w - t->buf);
}

void json_text_u64(struct json_text *t, bool valid, uint64_t v)
{
	char digits[20], *p;

	before_value(t);
	if (!valid) {
		put(t, "null", 4);
		return;
	}
	p = u64_digits(digits + sizeof(digits), v);
	put(t, p, (size_t)(digits + sizeof(digits) - p));
}

/* Printable ASCII that json-c leaves as it is (with NOSLASHESCAPE). */
static bool plain(const char *s, size_t *len)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return false;
	*len = (size_t)(p - s);
	return true;
}

void json_text_str(struct json_text *t, const char *s)
{
	struct json_object *v;
	size_t len;

	before_value(t);
	if (!s) {
		put_str(t, "null");
	} else if (plain(s, &len)) {
		char *w = reserve(t, len + 2);

		if (w) {
			*w = '"';
			memcpy(w + 1, s, len);
			w[len + 1] = '"';
			t->len += len + 2;
		}
	} else {	/* json-c's own escaping, whatever its version does */
		v = json_object_new_string(s);
		if (v)
			put_str(t, json_object_to_json_string_ext(v, PRETTY));
		t->failed |= !v;
		json_object_put(v);
	}
}

void json_text_bool(struct json_text *t, bool v)
{
	before_value(t);
	put_str(t, v ? "true" : "false");
}

bool json_text_mark(const struct json_text *t, struct json_text_mark *m)
{
	if (t->failed)
		return false;
	m->len = t->len;
	m->depth = t->depth;
	memcpy(m->open, t->open, sizeof(m->open));
	memcpy(m->members, t->members, sizeof(m->members));
	return true;
}

void json_text_rewind(struct json_text *t, const struct json_text_mark *m)
{
	t->len = m->len;
	t->depth = m->depth;
	memcpy(t->open, m->open, sizeof(t->open));
	memcpy(t->members, m->members, sizeof(t->members));
	t->failed = false;
}

void json_text_free(struct json_text *t)
{
	free(t->buf);
	*t = (struct json_text){ 0 };
}
