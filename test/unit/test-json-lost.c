// SPDX-License-Identifier: GPL-2.0
/*
 * A value lost to a failed allocation is never printed as null ("not
 * known"): every allocation of building a record (json-c's and ours) is
 * failed in turn, and each time the record is either not made, or the
 * loss is recorded and the printers refuse it, or the record is whole.
 *
 * The allocations are failed by defining malloc, calloc and realloc here,
 * ahead of libc's in the lookup order, which json-c's calls then reach.
 * Under AddressSanitizer, which must own the allocator, only the checks
 * that need no failed allocation are built.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd/builtin.h"
#include "cmd/monitor.h"
#include "cmd/output.h"
#include "cmd/poison-json.h"
#include "test/unit/unit.h"
#include "util/json.h"
#include "util/table.h"

#if defined(__SANITIZE_ADDRESS__)
#define INJECT 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INJECT 0
#endif
#endif
#ifndef INJECT
#define INJECT 1
#endif

#if INJECT
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static long fail_in = -1;	/* allocations until the one that fails; -1: none fails */
static unsigned long failed;	/* allocations failed */

static bool fail_now(void)
{
	if (fail_in < 0 || fail_in-- > 0)
		return false;
	failed++;
	return true;
}

void *malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __libc_realloc(p, n);
}
#endif

static const struct pm_unit unit = { .bus = "ndbus1", .provider = "nfit_test.0", .region = "region1",
				     .namespace = "namespace1.0", .device = "pmem1", .mode = PM_MODE_FSDAX };
static const struct pm_poison rec = { .has_data_offset = true, .data_offset = 4096, .has_region_offset = true,
				      .region_offset = 8192, .has_spa = true, .spa = 0x100002000ULL,
				      .length = 1024, .dimms_known = true, .ndimms = 2,
				      .dimms = { "nmem0", "nmem1" } };
static const struct pm_rec_owner owner = { .kind = PM_OWNER_FILE, .path = (char *)"/mnt/a", .inode = 12,
					   .has_file_offset = true, .file_offset = 0, .dev = { 4096, 512 } };

/* What monitor_emit needs of the rest of pmemctl, here: no CXL, stdout fine, errors counted. */
static unsigned int errors;

void pm_error(const char *cmd, const char *fmt, ...)
{
	(void)cmd;
	(void)fmt;
	errors++;
}

bool pm_stdout_failed(void)
{
	return false;
}

void monitor_cxl_present(struct monitor *m, uint64_t *ranges, uint64_t *bytes)
{
	(void)m;
	*ranges = *bytes = 0;
}

/* The record with its --files fields, as list-poison --files builds it; NULL if it could not be made. */
static struct json_object *build(void)
{
	struct json_object *o = pm_poison_to_json(&unit, &rec);
	struct pm_rec_owner own = owner;
	struct pm_rec_files f = { .mount = (char *)"/mnt", .method = "getfsmap", .owners = &own, .n = 1 };

	if (o)
		pm_files_add_json(o, &f);
	return o;
}


/* What the printers say of a document built after a lost value: each refuses it. */
static void test_printers_refuse(void)
{
	static const struct table_col cols[] = { { "region", "REGION", TABLE_TEXT, 0, 0 } };
	struct json_object *arr = json_object_new_array(), *o = json_object_new_object();
	struct json_array_out out;
	FILE *null = fopen("/dev/null", "w");

	json_add_made(o, "x", NULL);	/* a value that could not be made: lost */
	CHECK(json_print(null, arr, true) == -1, "json_print refuses a document that lost a value");
	CHECK(json_print(null, arr, true) == 0, "and prints the next one: the loss is taken once");
	json_add_made(o, "y", NULL);
	CHECK(table_print(null, arr, cols, 1) == -ENOMEM, "table_print refuses it (out of memory)");
	json_out_keep(&out);
	json_add_str(NULL, "region", "region1");	/* no object to add to: lost */
	json_out_add(&out, json_object_new_object());
	CHECK(out.failed, "a kept array fails when an element lost a value");
	json_object_put(out.arr);
	json_out_print(&out, null);
	json_add_made(o, "z", NULL);
	json_out_add(&out, json_object_new_object());
	CHECK(out.failed && json_out_end(&out) == -1, "a streamed array fails, and is left open");
	json_add_obj(o, "none", NULL);
	json_add_str(o, "s", NULL);
	json_add_u64(o, "n", false, 0);
	CHECK(!json_lost_take(), "a null meant (no value, no string, no number) is not a loss");
	json_object_put(arr);
	json_object_put(o);
	fclose(null);
}

#if INJECT
static char *text_of(struct json_object *o)
{
	const char *t = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);

	return t ? strdup(t) : NULL;
}

/* Every allocation of building the record failed in turn: never a record that silently lacks a value. */
static void test_each_allocation_failed(void)
{
	struct json_object *o = build();
	char *whole = text_of(o);
	unsigned int made = 0, lost = 0, refused = 0, bad = 0, n;

	json_object_put(o);
	for (n = 0; n < 1000; n++) {
		unsigned long before = failed;
		char *text;

		fail_in = n;
		o = build();
		fail_in = -1;
		if (failed == before) {	/* n is past the last allocation: done */
			json_object_put(o);
			break;
		}
		text = o ? text_of(o) : NULL;
		if (!o) {
			refused++;
		} else if (json_lost_take()) {
			lost++;
		} else if (text && whole && !strcmp(text, whole)) {
			made++;	/* a failure json-c recovered from (a table it would have grown) */
		} else {
			bad++;
			if (bad == 1)
				fprintf(stderr, "# allocation %u failed, unflagged:\n# %s\n", n, text ? text : "(none)");
		}
		free(text);
		json_object_put(o);
	}
	CHECK(whole && n > 20, "the record with --files fields takes %u allocations", n);
	CHECK(bad == 0, "each failed: %u records not made, %u losses recorded, %u whole, %u silently short", refused,
	      lost, made, bad);
	free(whole);
}
#endif

/* @o as monitor_emit writes it, its time blanked (it changes). */
static char *event_text(struct json_object *o)
{
	char *line = o ? strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) : NULL;
	char *t = line ? strstr(line, "\"time\":\"") : NULL;

	for (t = t ? t + 8 : NULL; t && *t && *t != '"'; t++)
		*t = 'T';
	return line;
}

/*
 * A monitor event: written whole to the log; and with every allocation of
 * making it failed in turn, made whole or not at all (monitor_emit then
 * stops the monitor with a failure). json-c's own serializing of the made
 * event is not failed here: it ignores an append it could not make.
 */
static void test_monitor_event(void)
{
	struct monitor_opts opts = { .no_stdout = true };
	struct monitor m = { .o = &opts, .log = tmpfile() };
	struct json_object *made = build(), *o;
	char logged[4096] = "", *whole;
	size_t n;

	monitor_emit(&m, "poison-added", made);
	rewind(m.log);
	n = fread(logged, 1, sizeof(logged) - 1, m.log);
	o = monitor_event_json("poison-added", made);
	whole = event_text(o);
	json_object_put(o);
	CHECK(n && !m.lost && strstr(logged, "\"event\":\"poison-added\"") && strstr(logged, "\"files\":[{") &&
	      whole && strlen(whole) + 1 == n, "monitor: the event written whole to its log");
#if INJECT
	unsigned int k, none = 0, bad = 0;

	for (k = 0; k < 1000; k++) {
		unsigned long before = failed;
		char *text;

		fail_in = k;
		o = monitor_event_json("poison-added", made);
		fail_in = -1;
		if (failed == before) {
			json_object_put(o);
			break;
		}
		text = event_text(o);
		none += !o;
		bad += o && (!text || !whole || strcmp(text, whole));
		free(text);
		json_object_put(o);
	}
	CHECK(k > 5 && bad == 0, "monitor: each of the %u allocations of an event failed: %u times no event, %u short",
	      k, none, bad);
	m.lost = false;
	fail_in = 0;
	monitor_emit(&m, "poison-added", made);
	fail_in = -1;
	CHECK(m.lost && m.stdout_lost && errors == 1, "monitor: an event not made stops the monitor, failed, with one error");
#endif
	free(whole);
	json_object_put(made);
	fclose(m.log);
}

/* A value made only when it applies: null (not the value, not lost) when it does not. */
static void test_known(void)
{
	struct json_object *o = json_object_new_object();

	json_lost_take();
	json_add_known(o, "no", false, json_object_new_int(1));
	json_add_known(o, "yes", true, json_object_new_int(2));
	json_add_known(o, "lost", false, NULL);
	CHECK(!strcmp(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
		      "{\"no\":null,\"yes\":2,\"lost\":null}") && !json_lost_take(),
	      "json_add_known: null when not known, the value when known, nothing counted lost");
	json_add_known(o, "made", true, NULL);
	CHECK(json_lost_take(), "json_add_known: a known value that could not be made is lost");
	json_object_put(o);
}

int main(void)
{
	test_known();
	test_printers_refuse();
#if INJECT
	test_each_allocation_failed();
#endif
	test_monitor_event();
	return unit_done();
}
