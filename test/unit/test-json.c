// SPDX-License-Identifier: GPL-2.0
/*
 * JSON shape: every record has the same keys whatever its data, values are
 * scalars (dimms: array of strings or null), and unknowns are null.
 */
#include <string.h>
#include <json-c/json.h>

#include <stdlib.h>
#include "cmd/poison-json.h"
#include "cmd/prometheus.h"
#include "test/unit/unit.h"
#include "util/json-text.h"

static const char *const record_keys[] = {
	"kind", "bus", "provider", "region", "namespace", "mode", "device", "area", "source",
	"placed", "offset", "sector", "region_offset", "region_sector", "spa", "length", "sectors",
	"dimms", "poison_list", "system_ram",
};
#define NKEYS (sizeof(record_keys) / sizeof(record_keys[0]))

static bool same_keys(struct json_object *o)
{
	size_t n = 0;

	json_object_object_foreach(o, key, val) {
		bool known = false;

		for (size_t i = 0; i < NKEYS; i++)
			known |= strcmp(key, record_keys[i]) == 0;
		if (!known)
			return false;
		if (strcmp(key, "dimms") && val &&
		    (json_object_is_type(val, json_type_object) ||
		     json_object_is_type(val, json_type_array)))
			return false;
		n++;
	}
	return n == NKEYS;
}

/* --files fields: rendered from the model, in the documented order. */
static void test_files(void)
{
	struct pm_rec_owner owners[] = {
		{ .kind = PM_OWNER_FILE, .path = "/mnt/a", .inode = 12, .has_file_offset = true,
		  .file_offset = 8192, .dev = { 4096, 512 }, .what = "data" },
		{ .kind = PM_OWNER_METADATA, .dev = { 4608, 512 }, .what = "inode btree" },
	};
	struct pm_rec_files known = { .mount = "/mnt", .method = "getfsmap", .owners = owners, .n = 2 };
	struct pm_rec_files unknown = { .mount = "/mnt" }, none = { 0 };
	struct json_object *a = json_object_new_object(), *b = json_object_new_object(),
			   *c = json_object_new_object();
	const int flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;

	pm_files_add_json(a, &known);
	pm_files_add_json(b, &unknown);
	pm_files_add_json(c, &none);
	CHECK(!strcmp(json_object_to_json_string_ext(a, flags),
		      "{\"mount\":\"/mnt\",\"files_method\":\"getfsmap\",\"files\":["
		      "{\"owner\":\"file\",\"path\":\"/mnt/a\",\"inode\":12,\"file_offset\":8192,"
		      "\"offset\":4096,\"length\":512,\"what\":\"data\",\"unwritten\":false},"
		      "{\"owner\":\"metadata\",\"path\":null,\"inode\":null,\"file_offset\":null,"
		      "\"offset\":4608,\"length\":512,\"what\":\"inode btree\",\"unwritten\":false}]}"),
	      "owners: every key, nulls where a kind has no such field");
	CHECK(!strcmp(json_object_to_json_string_ext(b, flags),
		      "{\"mount\":\"/mnt\",\"files_method\":null,\"files\":null}"),
	      "a failed map: mounted, owners unknown (null, not [])");
	CHECK(!strcmp(json_object_to_json_string_ext(c, flags),
		      "{\"mount\":null,\"files_method\":null,\"files\":null}"), "not mounted: all null");
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);
}

/* A disabled region's counts are unknown, not 0, in the summary row. */
static void test_unknown_unit(void)
{
	struct pm_unit u = { .bus = "ndbus1", .region = "region2", .ns_id = -1, .disabled = true,
			     .unknown = true };
	struct json_object *o = pm_unit_to_json(&u), *v;

	CHECK(json_object_object_get_ex(o, "ranges", &v) && v == NULL &&
	      json_object_object_get_ex(o, "bytes", &v) && v == NULL &&
	      json_object_object_get_ex(o, "enabled", &v) && !json_object_get_boolean(v),
	      "unknown unit: ranges and bytes null, enabled false");
	json_object_put(o);
}

/* @o as json-c prints it as the element of a top-level pretty array (list-poison's format). */
static char *as_element(struct json_object *o)
{
	const int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE;
	struct json_object *arr = json_object_new_array();
	const char *text;
	char *dup;

	json_object_array_add(arr, o);
	text = json_object_to_json_string_ext(arr, flags);
	dup = strndup(text + 2, strlen(text) - 4);	/* without "[\n" and "\n]" */
	json_object_put(arr);
	return dup;
}

static bool text_is(const struct json_text *t, const char *want)
{
	return !t->failed && t->depth == 0 && t->len == strlen(want) && !memcmp(t->buf, want, t->len);
}

/*
 * Records written straight as text are the bytes json-c prints for the
 * record's object: every field known or null, strings that need escaping
 * (escaped by json-c), no DIMM, several, or not known.
 */
static void test_record_text(void)
{
	static const char *const odd[] = { "a\"b", "back\\slash", "tab\there", "/dev/pmem0", "\x01", "n\xc3\xa9", "" };
	struct pm_unit units[] = {
		{ .bus = "ndbus1", .provider = "nfit_test.0", .region = "region1", .namespace = "namespace1.0",
		  .device = "pmem1", .mode = PM_MODE_FSDAX, .list = PM_LIST_CUT },
		{ .bus = "ndbus0", .region = "region0", .ns_id = -1 },
	};
	struct pm_record_text w = { 0 };
	const struct json_text *t = &w.t;
	unsigned int bad = 0, n = 0;

	/* units alternate with each record, and also come in runs (bits / 8 & 1): both with the unit text kept */
	for (size_t k = 0; k < sizeof(odd) / sizeof(odd[0]) + 2; k++) {
		for (unsigned int bits = 0; bits < 64; bits++) {
			struct pm_unit u = units[(k & 1 ? bits / 8 : bits) & 1];
			struct pm_poison p = { .area = (enum pm_area)(bits % 4), .source = (enum pm_source)(bits % 3),
					       .unplaced = bits & 2, .has_data_offset = bits & 4, .data_offset = 4096 * bits,
					       .has_region_offset = bits & 8, .region_offset = UINT64_MAX - bits,
					       .has_spa = bits & 16, .spa = 0x100000000ULL + bits, .length = 512 * bits,
					       .dimms_known = bits & 32, .ndimms = bits % 4,
					       .dimms = { "nmem0", "nmem1", k < 2 ? "nmem2" : odd[k - 2] } };
			char *want;

			if (k >= 2)
				u.device = odd[k - 2];
			/* per record: no, yes, unknown (null) */
			p.system_ram = (enum pm_sysram)(bits % 3);
			want = as_element(pm_poison_to_json(&u, &p));
			pm_poison_to_json_text(&w, &u, &p);
			bad += !want || !text_is(t, want);
			if (want && !text_is(t, want) && bad == 1)
				fprintf(stderr, "# json-c:\n%s\n# text:\n%.*s\n", want, (int)t->len, t->buf);
			free(want);
			n++;
		}
	}
	CHECK(bad == 0, "%u records as text: json-c's bytes for each (%u differ)", n, bad);
	pm_record_text_free(&w);
}

/* The writer's own rules against json-c's: nesting, empty containers, nulls. */
static void test_text_nesting(void)
{
	struct json_object *o = json_object_new_object(), *inner = json_object_new_object(),
			   *empty_arr = json_object_new_array(), *arr = json_object_new_array();
	struct json_text t = { 0 };
	char *want;

	json_object_object_add(inner, "none", json_object_new_object());
	json_object_object_add(inner, "list", empty_arr);
	json_object_array_add(arr, json_object_new_boolean(1));
	json_object_array_add(arr, NULL);
	json_object_array_add(arr, json_object_new_array());
	json_object_object_add(o, "inner", inner);
	json_object_object_add(o, "arr", arr);
	want = as_element(o);
	json_text_begin(&t);
	json_text_open(&t, '{');
	json_text_key(&t, "inner");
	json_text_open(&t, '{');
	json_text_key(&t, "none");
	json_text_open(&t, '{');
	json_text_close(&t);
	json_text_key(&t, "list");
	json_text_open(&t, '[');
	json_text_close(&t);
	json_text_close(&t);
	json_text_key(&t, "arr");
	json_text_open(&t, '[');
	json_text_bool(&t, true);
	json_text_str(&t, NULL);
	json_text_open(&t, '[');
	json_text_close(&t);
	json_text_close(&t);
	json_text_close(&t);
	CHECK(want && text_is(&t, want), "nested and empty objects and arrays, nulls: json-c's bytes");
	if (want && !text_is(&t, want))
		fprintf(stderr, "# json-c:\n%s\n# text:\n%.*s\n", want, (int)t.len, t.buf);
	json_text_begin(&t);
	json_text_open(&t, '{');
	CHECK(!text_is(&t, "  {") && t.depth == 1, "an element left open is not taken as whole");
	json_text_close(&t);
	json_text_close(&t);
	CHECK(t.failed, "closing more than was opened fails");
	free(want);
	json_text_free(&t);
}

int main(void)
{
	test_record_text();
	test_text_nesting();
	test_files();
	test_unknown_unit();
	struct pm_unit units[2] = {
		{ .bus = "ndbus1", .provider = "nfit_test.0", .region = "region1",
		  .namespace = "namespace1.0", .device = "dax1.0", .mode = PM_MODE_DEVDAX, .kmem = true },
		{ .bus = "ndbus1", .provider = "nfit_test.0", .region = "region1", .ns_id = -1 },
	};
	struct pm_scan s = { .units = units, .nunits = 2 };
	struct pm_poison full = { .unit = 0, .area = PM_AREA_DATA, .has_data_offset = true,
				  .data_offset = 4096, .has_region_offset = true,
				  .region_offset = 8192, .has_spa = true, .spa = 0x100002000,
				  .length = 1024, .dimms_known = true, .ndimms = 2,
				  .dimms = { "nmem1", "nmem2" }, .system_ram = PM_SYSRAM_YES };
	struct pm_poison bare = { .unit = 1, .area = PM_AREA_UNKNOWN, .length = 512, .unplaced = true };
	struct json_object *a = pm_poison_to_json(&s.units[full.unit], &full),
			   *b = pm_poison_to_json(&s.units[bare.unit], &bare);
	struct json_object *v;

	CHECK(same_keys(a), "full record: the documented keys, scalar values");
	CHECK(same_keys(b), "record with unknowns: the same keys");
	CHECK(json_object_object_get_ex(a, "sector", &v) && json_object_get_uint64(v) == 8,
	      "sector = offset / 512");
	CHECK(json_object_object_get_ex(a, "region_sector", &v) && json_object_get_uint64(v) == 16,
	      "region_sector = region_offset / 512");
	CHECK(json_object_object_get_ex(a, "sectors", &v) && json_object_get_uint64(v) == 2,
	      "sectors = length / 512");
	CHECK(json_object_object_get_ex(a, "dimms", &v) && json_object_array_length(v) == 2,
	      "dimms listed");
	CHECK(json_object_object_get_ex(b, "spa", &v) && v == NULL, "unknown spa is null");
	CHECK(json_object_object_get_ex(b, "namespace", &v) && v == NULL,
	      "region-level record: namespace null");
	CHECK(json_object_object_get_ex(b, "dimms", &v) && v == NULL, "unknown dimms null");
	CHECK(json_object_object_get_ex(a, "placed", &v) && json_object_get_boolean(v) &&
	      json_object_object_get_ex(b, "placed", &v) && v && !json_object_get_boolean(v),
	      "placed: true, false (not null) for an unplaced range");
	CHECK(json_object_object_get_ex(a, "spa", &v) && json_object_get_uint64(v) == 0x100002000ULL,
	      "spa above 4 GiB kept exactly");
	CHECK(json_object_object_get_ex(a, "system_ram", &v) && json_object_get_boolean(v) &&
	      json_object_object_get_ex(b, "system_ram", &v) && v && !json_object_get_boolean(v),
	      "system_ram: the record's, true or false");
	json_object_put(b);
	bare.system_ram = PM_SYSRAM_UNKNOWN;
	b = pm_poison_to_json(&s.units[bare.unit], &bare);
	CHECK(json_object_object_get_ex(b, "system_ram", &v) && v == NULL, "system_ram unknown (not root): null");
	json_object_put(a);
	json_object_put(b);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		prom_label(f, "nd_device", "a\\b\"c\nd", true);
		fclose(f);
		CHECK(buf && !strcmp(buf, "nd_device=\"a\\\\b\\\"c\\nd\""),
		      "a prometheus label escapes backslash, quote and newline: %s", buf);
		free(buf);
	}
	return unit_done();
}
