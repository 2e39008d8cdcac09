// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "lib/events.h"
#include "lib/poison-files.h"

/* How every key of a region's records starts: "bus|region|". */
static int region_prefix(const struct pm_unit *u, char *key, size_t len)
{
	return snprintf(key, len, "%s|%s|", u->bus ? u->bus : "-", u->region ? u->region : "-");
}

void pm_poison_key(const struct pm_scan *s, const struct pm_poison *p, char *key, size_t len)
{
	const struct pm_unit *u = &s->units[p->unit];
	int used = region_prefix(u, key, len);

	if (used < 0 || (size_t)used >= len)
		return;
	snprintf(key + used, len - (size_t)used, "%s|%s|%s|%" PRIu64 "|%" PRIu64 "|%" PRIu64,
		 u->namespace ? u->namespace : "-", pm_area_name(p->area), pm_source_name(p->source),
		 p->has_region_offset ? p->region_offset : UINT64_MAX,
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

/* The key prefixes of the disabled regions of @scan (see pm_snapshot.unknown). */
static int note_unknown(const struct pm_scan *scan, struct pm_snapshot *s)
{
	s->unknown = calloc(scan->nunits + 1, sizeof(*s->unknown));
	if (!s->unknown)
		return -ENOMEM;
	for (size_t i = 0; i < scan->nunits; i++) {
		const struct pm_unit *u = &scan->units[i];
		char prefix[256];

		if (!u->disabled || u->namespace)
			continue;
		region_prefix(u, prefix, sizeof(prefix));
		s->unknown[s->nunknown] = strdup(prefix);
		if (!s->unknown[s->nunknown])
			return -ENOMEM;
		s->nunknown++;
	}
	return 0;
}

int pm_snapshot_take(struct ndctl_ctx *ctx, const struct pm_filter *f, const enum pm_owner_method *files,
		     struct pm_snapshot *s)
{
	struct json_object *arr = json_object_new_array();
	struct pm_scan scan;
	struct pair *v;
	int rc = pm_scan_poison(ctx, f, &scan);
	bool nomatch = rc == -PM_ENOMATCH;

	memset(s, 0, sizeof(*s));
	if (nomatch) {	/* the filtered device is gone (or not there yet): an empty snapshot */
		s->all_unknown = scan.notes & PM_NOTE_REGION_DISABLED;
		scan.nrecs = scan.nunits = 0;
		rc = 0;
	}
	if (!rc)
		rc = note_unknown(&scan, s);
	if (rc) {
		pm_scan_free(&scan);
		json_object_put(arr);
		pm_snapshot_free(s);
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
	return rc ? rc : nomatch ? -PM_ENOMATCH : 0;
}

static bool unseen(const struct pm_snapshot *now, const char *key)
{
	if (now->all_unknown)
		return true;
	for (size_t i = 0; i < now->nunknown; i++)
		if (!strncmp(key, now->unknown[i], strlen(now->unknown[i])))
			return true;
	return false;
}

int pm_snapshot_carry(const struct pm_snapshot *old, struct pm_snapshot *now)
{
	size_t add = 0, n = now->n;
	struct pair *v;
	char **keys;
	struct json_object **recs;

	for (size_t i = 0; i < old->n; i++)
		add += unseen(now, old->keys[i]);
	if (!add)
		return 0;
	v = calloc(n + add, sizeof(*v));
	keys = calloc(n + add, sizeof(*keys));
	recs = calloc(n + add, sizeof(*recs));	/* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (size_t i = 0; v && keys && recs && i < old->n; i++) {
		if (!unseen(now, old->keys[i]))
			continue;
		v[n] = (struct pair){ strdup(old->keys[i]), old->recs[i] };
		if (!v[n].key)
			break;
		json_object_get(v[n++].rec);
	}
	if (!v || !keys || !recs || n != now->n + add) {	/* out of memory: @now as it was */
		for (size_t i = now->n; v && i < n; i++) {
			free(v[i].key);
			json_object_put(v[i].rec);
		}
		free(v);
		free(keys);
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < now->n; i++)
		v[i] = (struct pair){ now->keys[i], now->recs[i] };
	qsort(v, n, sizeof(*v), by_key);
	for (size_t i = 0; i < n; i++)
		keys[i] = v[i].key, recs[i] = v[i].rec;
	free(v);
	free(now->keys);
	free(now->recs);
	now->keys = keys;
	now->recs = recs;
	now->n = n;
	return 0;
}

void pm_snapshot_free(struct pm_snapshot *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->keys[i]);
		json_object_put(s->recs[i]);
	}
	for (size_t i = 0; i < s->nunknown; i++)
		free(s->unknown[i]);
	free(s->unknown);
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
