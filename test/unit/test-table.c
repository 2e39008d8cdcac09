// SPDX-License-Identifier: GPL-2.0
/*
 * util/table.c: which columns -o selects, what --bytes, --raw,
 * --noheadings and -J make of the same records, and that an empty table
 * still prints its header. (Fitting a terminal is tested in a real one:
 * test/dump/test-output.sh.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "util/table.h"
#include "test/unit/unit.h"

static const struct table_col cols[] = {
	{ "name", "NAME", TABLE_TEXT, 0 },
	{ "region_offset", "REGION-OFF", TABLE_HEX, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "dimms", "DIMMS", TABLE_LIST, 0 },
	{ "sectors", "SECTORS", TABLE_TEXT, 1, TABLE_EXTRA },
	{ "placed", "PLACED", TABLE_TEXT, 0, TABLE_EXTRA },
};

static struct json_object *records(void)
{
	return json_tokener_parse("[{\"name\":\"a b\",\"region_offset\":4096,\"length\":8704,"
				  "\"dimms\":[\"nmem0\",\"nmem1\"],\"sectors\":17,\"placed\":false},"
				  "{\"name\":\"c\",\"region_offset\":null,\"length\":512,"
				  "\"dimms\":null,\"sectors\":1,\"placed\":null}]");
}

/* The table of @recs as shaped by @shape, as a string (caller frees). */
static char *print(struct json_object *recs, struct table_shape shape)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	table_shape = shape;
	if (table_print(f, recs, cols, TABLE_NCOLS(cols)))
		fputs("(failed)", f);
	fclose(f);
	return buf;
}

static void check_output(struct json_object *recs, struct table_shape shape, const char *want,
			 const char *what)
{
	char *got = print(recs, shape);

	CHECK(!strcmp(got, want), "%s", what);
	if (strcmp(got, want))
		printf("# want:\n%s# got:\n%s", want, got);
	free(got);
}

static void check_columns(void)
{
	char bad[32];

	table_shape = (struct table_shape){ .output = "name,LENGTH,region-off" };
	CHECK(table_check_output(cols, TABLE_NCOLS(cols), bad, sizeof(bad)) == 0,
	      "-o takes headers and JSON keys in any case");
	table_shape = (struct table_shape){ .output = "name,nosuch" };
	CHECK(table_check_output(cols, TABLE_NCOLS(cols), bad, sizeof(bad)) == -EINVAL &&
	      !strcmp(bad, "nosuch"), "an unknown column is named: '%s'", bad);
	table_shape = (struct table_shape){ .output = "name,,length" };
	CHECK(table_check_output(cols, TABLE_NCOLS(cols), bad, sizeof(bad)) == -EINVAL &&
	      !strcmp(bad, "(empty)"), "an empty name is refused: '%s'", bad);
	table_shape = (struct table_shape){ .output = "" };
	CHECK(table_check_output(cols, TABLE_NCOLS(cols), bad, sizeof(bad)) == -EINVAL,
	      "an empty list is refused");
}

int main(void)
{
	struct json_object *recs = records(), *empty = json_object_new_array();

	check_columns();
	check_output(recs, (struct table_shape){ 0 },
		     "NAME REGION-OFF   LENGTH DIMMS\n"
		     "a b      0x1000 8.50 KiB nmem0,nmem1\n"
		     "c             -    512 B -\n",
		     "default columns, sizes rounded, null as -, lists joined");
	check_output(recs, (struct table_shape){ .output = "sectors,name", .bytes = true, .noheadings = true },
		     "     17 a b\n      1 c\n", "-o picks and orders, --noheadings");
	check_output(recs, (struct table_shape){ .output = "+sectors", .bytes = true, .raw = true },
		     "NAME REGION-OFF LENGTH DIMMS SECTORS\n"
		     "a\\x20b 0x1000 8704 nmem0,nmem1 17\n"
		     "c - 512 - 1\n",
		     "+COL adds; --raw --bytes: exact sizes, one space, blanks escaped");
	check_output(empty, (struct table_shape){ .output = "name,length" }, "NAME LENGTH\n",
		     "an empty result prints its header");
	check_output(empty, (struct table_shape){ .noheadings = true }, "", "... and nothing with --noheadings");
	{
		char *got = print(recs, (struct table_shape){ .json = true, .name = "t",
							      .output = "name,region_offset,length,dimms,sectors,placed" });
		struct json_object *j = json_tokener_parse(got), *want = records();

		/* libsmartcols has no null list: [null] */
		json_object_object_add(json_object_array_get_idx(want, 1), "dimms",
				       json_tokener_parse("[null]"));
		CHECK(j && json_object_equal(json_object_object_get(j, "t"), want),
		      "-J: the records' own keys and values, exact (a false boolean, a null one)");
		json_object_put(j);
		json_object_put(want);
		free(got);
	}
	json_object_put(recs);
	json_object_put(empty);
	return unit_done();
}
