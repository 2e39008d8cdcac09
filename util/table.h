/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Render a JSON array of flat records as a human table (libsmartcols). The
 * table is a reformat of the JSON a command already built, so the two views
 * cannot drift apart. How it is shaped (-o, --noheadings, --raw, --bytes,
 * -J) is one struct table_shape, filled by the command line (cmd/output.c).
 */
#ifndef PMEMCTL_UTIL_TABLE_H
#define PMEMCTL_UTIL_TABLE_H
#include <stdbool.h>
#include <stdio.h>
#include <json-c/json.h>

enum table_fmt {
	TABLE_TEXT,	/* the value as JSON would print it, strings unquoted */
	TABLE_HEX,	/* numbers as 0x... */
	TABLE_SIZE,	/* numbers as binary sizes, e.g. 4.00 KiB (exact bytes with --bytes) */
	TABLE_LIST,	/* arrays of strings joined with commas */
	TABLE_OWNERS,	/* list-poison --files owners: path@offset, or owner (what) */
};

enum table_col_flags {
	TABLE_EXTRA = 1 << 0,	/* not shown unless -o names it */
	TABLE_TRUNC = 1 << 1,	/* may be truncated to fit the terminal */
	TABLE_WRAP = 1 << 2,	/* may wrap, between words, to fit the terminal */
};

struct table_col {
	const char *key;	/* JSON member; also the column's name in -J output */
	const char *header;	/* column title, and its name for -o */
	enum table_fmt fmt;
	int right;		/* right-align (numbers) */
	unsigned int flags;	/* enum table_col_flags */
};

#define TABLE_MAX_COLS 32
#define TABLE_NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* How the user asked for tables; one per process, like the command line. */
struct table_shape {
	const char *name;		/* the -J top-level member: the command's name */
	const char *output;		/* -o as given; NULL: the default columns */
	bool noheadings, raw, bytes, json;
};
extern struct table_shape table_shape;

/*
 * Check table_shape.output ("COL,COL", or "+COL,..." to add to the
 * defaults; names are headers or JSON keys, any case) against @cols, the
 * union of a command's columns. Returns 0, or -EINVAL with the offending
 * name copied to @bad. table_print() leaves out names a table lacks.
 */
int table_check_output(const struct table_col *cols, size_t ncols, char *bad, size_t badlen);

/* One line per column: name, JSON key, and whether it is shown by default. */
void table_list_columns(FILE *f, const struct table_col *cols, size_t ncols);

/*
 * Print @records as shaped by table_shape; 0 or a negative errno
 * (-ELIBACC: libsmartcols, loaded here for the first table, is missing).
 */
/*
 * Load libsmartcols now: a command that will print a table after it acts
 * calls this before it acts. 0, or -ELIBACC (util/lazylib.h's handler ran).
 */
int table_require(void);

int table_print(FILE *f, struct json_object *records,
		const struct table_col *cols, size_t ncols);
#endif
