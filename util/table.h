/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Render a JSON array of flat records as a human table (libsmartcols). The
 * table is a reformat of the JSON a command already built, so the two views
 * cannot drift apart.
 */
#ifndef PMEMCTL_UTIL_TABLE_H
#define PMEMCTL_UTIL_TABLE_H
#include <stdio.h>
#include <json-c/json.h>

enum table_fmt {
	TABLE_TEXT,	/* the value as JSON would print it, strings unquoted */
	TABLE_HEX,	/* numbers as 0x... */
	TABLE_SIZE,	/* numbers as binary sizes, e.g. 4.00 KiB */
	TABLE_LIST,	/* arrays of strings joined with commas */
	TABLE_OWNERS,	/* list-poison --files owners: path@offset, or owner (what) */
};

struct table_col {
	const char *key;	/* JSON member */
	const char *header;	/* column title */
	enum table_fmt fmt;
	int right;		/* right-align (numbers) */
};

int table_print(FILE *f, struct json_object *records,
		const struct table_col *cols, size_t ncols);
#endif
