/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One element of a top-level pretty-printed JSON array, written straight
 * into text: the bytes json-c prints for the same element inside the array
 * (JSON_C_TO_STRING_PRETTY | SPACED | NOSLASHESCAPE; test-json compares the
 * two), at a fraction of json-c's work. For a listing's records, which are
 * most of its cost: building and serializing a json-c object of 19 keys
 * for each was 11 of list-poison's 18 million instructions for 406 records.
 * A string that needs escaping is escaped by json-c.
 */
#ifndef PMEMCTL_UTIL_JSON_TEXT_H
#define PMEMCTL_UTIL_JSON_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_TEXT_DEPTH 8

struct json_text {
	char *buf;
	size_t len, cap;
	unsigned int depth;			/* containers open */
	char open[JSON_TEXT_DEPTH];		/* '{' or '[' for each */
	bool members[JSON_TEXT_DEPTH];		/* whether each has one yet */
	bool failed;				/* out of memory, or nested too deep */
};

/* Where a text stands: what is written so far, and the containers open. */
struct json_text_mark {
	size_t len;
	unsigned int depth;
	char open[JSON_TEXT_DEPTH];
	bool members[JSON_TEXT_DEPTH];
};

/* Start a new element (the buffer is kept for the next). */
void json_text_begin(struct json_text *t);
/* Open '{' or '[' as the next value; close the innermost container. */
void json_text_open(struct json_text *t, char kind);
void json_text_close(struct json_text *t);
/* An object member's key (a plain literal: written as it is). */
void json_text_key(struct json_text *t, const char *key);
/* The next value: a number (null when !@valid), a string (null when NULL), a boolean. */
void json_text_u64(struct json_text *t, bool valid, uint64_t v);
void json_text_str(struct json_text *t, const char *s);
void json_text_bool(struct json_text *t, bool v);
/*
 * @m: where @t stands now; false when it has failed (no text to go back
 * to). Back to @m: what was written after it is dropped, so a part that
 * elements share is written once and the rest of each after it.
 */
bool json_text_mark(const struct json_text *t, struct json_text_mark *m);
void json_text_rewind(struct json_text *t, const struct json_text_mark *m);
void json_text_free(struct json_text *t);
#endif
