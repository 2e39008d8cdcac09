// SPDX-License-Identifier: GPL-2.0
/*
 * JSON shape: every record has the same keys whatever its data, values are
 * scalars (dimms: array of strings or null), and unknowns are null.
 */
#include <string.h>
#include <json-c/json.h>

#include "cmd/poison-json.h"
#include "test/unit/unit.h"

static const char *const record_keys[] = {
	"kind", "bus", "provider", "region", "namespace", "mode", "device", "area", "source",
	"placed", "offset", "sector", "region_offset", "region_sector", "spa", "length", "sectors",
	"dimms", "poison_list",
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

int main(void)
{
	test_files();
	test_unknown_unit();
	struct pm_unit units[2] = {
		{ .bus = "ndbus1", .provider = "nfit_test.0", .region = "region1",
		  .namespace = "namespace1.0", .device = "pmem1", .mode = PM_MODE_RAW },
		{ .bus = "ndbus1", .provider = "nfit_test.0", .region = "region1", .ns_id = -1 },
	};
	struct pm_scan s = { .units = units, .nunits = 2 };
	struct pm_poison full = { .unit = 0, .area = PM_AREA_DATA, .has_data_offset = true,
				  .data_offset = 4096, .has_region_offset = true,
				  .region_offset = 8192, .has_spa = true, .spa = 0x100002000,
				  .length = 1024, .dimms_known = true, .ndimms = 2,
				  .dimms = { "nmem1", "nmem2" } };
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
	json_object_put(a);
	json_object_put(b);
	return unit_done();
}
