// SPDX-License-Identifier: GPL-2.0
/* The journal fields of a monitor event (util/journal.c). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "util/journal.h"
#include "test/unit/unit.h"

/* The value of field @name in @f, or NULL. */
static const char *field(const struct journal_fields *f, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < f->n; i++)
		if (!strncmp(f->v[i], name, n) && f->v[i][n] == '=')
			return f->v[i] + n + 1;
	return NULL;
}

int main(void)
{
	struct json_object *ev = json_tokener_parse(
		"{\"time\":\"2026-11-30T12:00:00.000001Z\",\"event\":\"poison-added\",\"bus\":\"ndbus1\","
		"\"region\":\"region1\",\"namespace\":null,\"region_offset\":4096,\"sector\":8,"
		"\"dimms\":[\"nmem0\",\"nmem1\"],\"files\":[{\"owner\":\"free\"}],\"unwritten\":false}");
	struct journal_fields f;
	struct json_object *msg;
	bool names_ok = true;

	CHECK(ev && journal_fields_build(ev, "PMEMCTL", "pmemctl-monitor", 4, &f) == 0, "fields built");
	CHECK(field(&f, "PMEMCTL_EVENT") && !strcmp(field(&f, "PMEMCTL_EVENT"), "poison-added"),
	      "PMEMCTL_EVENT is the event");
	CHECK(field(&f, "PMEMCTL_REGION") && !strcmp(field(&f, "PMEMCTL_REGION"), "region1"), "PMEMCTL_REGION");
	CHECK(field(&f, "PMEMCTL_REGION_OFFSET") && !strcmp(field(&f, "PMEMCTL_REGION_OFFSET"), "4096"),
	      "a number in decimal, the key upper-cased");
	CHECK(field(&f, "PMEMCTL_DIMMS") && !strcmp(field(&f, "PMEMCTL_DIMMS"), "nmem0,nmem1"),
	      "a list of names joined by commas");
	CHECK(field(&f, "PMEMCTL_FILES") && !strcmp(field(&f, "PMEMCTL_FILES"), "[{\"owner\":\"free\"}]"),
	      "a list of objects as JSON");
	CHECK(field(&f, "PMEMCTL_UNWRITTEN") && !strcmp(field(&f, "PMEMCTL_UNWRITTEN"), "false"), "a boolean");
	CHECK(!field(&f, "PMEMCTL_NAMESPACE"), "a null member is left out (an absent field is null)");
	CHECK(field(&f, "PRIORITY") && !strcmp(field(&f, "PRIORITY"), "4"), "PRIORITY");
	CHECK(field(&f, "SYSLOG_IDENTIFIER") && !strcmp(field(&f, "SYSLOG_IDENTIFIER"), "pmemctl-monitor"),
	      "SYSLOG_IDENTIFIER");
	msg = field(&f, "MESSAGE") ? json_tokener_parse(field(&f, "MESSAGE")) : NULL;
	CHECK(msg && strstr(field(&f, "MESSAGE"), "\"event\":\"poison-added\""), "MESSAGE is the JSON line");
	json_object_put(msg);
	for (size_t i = 0; i < f.n; i++) {
		size_t k = strcspn(f.v[i], "=");

		for (size_t j = 0; j < k; j++)
			names_ok &= (f.v[i][j] >= 'A' && f.v[i][j] <= 'Z') || (f.v[i][j] >= '0' && f.v[i][j] <= '9') ||
				    f.v[i][j] == '_';
		names_ok &= k > 0 && f.v[i][0] != '_' && !strchr(f.v[i] + k + 1, '\n');
	}
	CHECK(names_ok && f.n == 12, "%zu fields, each NAME=VALUE on one line with a journal field name", f.n);
	journal_fields_free(&f);
	json_object_put(ev);
	return unit_done();
}
