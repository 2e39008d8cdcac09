// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "lib/events.h"
#include "lib/poison-files.h"

void pm_poison_key(const struct pm_scan *s, const struct pm_poison *p, char *key, size_t len)
{
	const struct pm_unit *u = &s->units[p->unit];

	snprintf(key, len, "%s|%s|%s|%s|%s|%" PRIu64 "|%" PRIu64 "|%" PRIu64, u->bus ? u->bus : "-",
		 u->region ? u->region : "-", u->namespace ? u->namespace : "-", pm_area_name(p->area),
		 pm_source_name(p->source), p->has_region_offset ? p->region_offset : UINT64_MAX,
		 p->has_data_offset ? p->data_offset : UINT64_MAX, p->length);
}

struct pair {
	char *key;
	struct json_object *rec;
};

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->key, ((const struct pair *)b)->key);
}

int pm_snapshot_take(struct ndctl_ctx *ctx, const struct pm_filter *f, const enum pm_owner_method *files,
		     struct pm_snapshot *s)
{
	struct json_object *arr = json_object_new_array();
	struct pm_scan scan;
	struct pair *v;
	int rc = pm_scan_poison(ctx, f, &scan);

	memset(s, 0, sizeof(*s));
	if (rc) {
		pm_scan_free(&scan);
		json_object_put(arr);
		return rc;
	}
	for (size_t i = 0; arr && i < scan.nrecs; i++)
		json_object_array_add(arr, pm_poison_to_json(&scan, &scan.recs[i]));
	if (arr && files)
		pm_attach_files(arr, &scan, *files, NULL);	/* a failed map leaves files null */
	v = calloc(scan.nrecs + 1, sizeof(*v));
	s->keys = calloc(scan.nrecs + 1, sizeof(*s->keys));
	s->recs = calloc(scan.nrecs + 1, sizeof(*s->recs));	/* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (size_t i = 0; arr && v && s->keys && s->recs && i < scan.nrecs; i++) {
		char key[512];

		pm_poison_key(&scan, &scan.recs[i], key, sizeof(key));
		v[i] = (struct pair){ strdup(key), json_object_get(json_object_array_get_idx(arr, i)) };
		s->n++;
	}
	if (v)
		qsort(v, s->n, sizeof(*v), by_key);
	for (size_t i = 0; v && s->keys && s->recs && i < s->n; i++)
		s->keys[i] = v[i].key, s->recs[i] = v[i].rec;
	rc = arr && v && s->keys && s->recs ? 0 : -ENOMEM;
	free(v);
	json_object_put(arr);
	pm_scan_free(&scan);
	return rc;
}

void pm_snapshot_free(struct pm_snapshot *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->keys[i]);
		json_object_put(s->recs[i]);
	}
	free(s->keys);
	free(s->recs);
	memset(s, 0, sizeof(*s));
}

size_t pm_snapshot_new_in(const struct pm_snapshot *a, const struct pm_snapshot *b, size_t *idx)
{
	size_t n = 0, i = 0;

	/* both sorted: one merge pass */
	for (size_t k = 0; k < b->n; k++) {
		int c = 1;

		while (i < a->n && (c = strcmp(a->keys[i], b->keys[k])) < 0)
			i++;
		if (i >= a->n || c != 0)
			idx[n++] = k;
	}
	return n;
}
