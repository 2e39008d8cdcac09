// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/events.h"

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
	struct pm_snap_rec *rec;
};

static char *dup_or_null(const char *s, bool *ok)
{
	char *d = s ? strdup(s) : NULL;

	*ok &= !s || d;
	return d;
}

static void rec_free(struct pm_snap_rec *r)
{
	if (!r)
		return;
	free((char *)r->unit.bus);
	free((char *)r->unit.provider);
	free((char *)r->unit.region);
	free((char *)r->unit.namespace);
	free((char *)r->unit.device);
	for (unsigned int i = 0; i < r->p.ndimms; i++)
		free((char *)r->p.dimms[i]);
	pm_rec_files_free(&r->files);
	free(r);
}

/* A copy of @p of unit @u (and its @files) that owns every string it names. */
static struct pm_snap_rec *rec_dup(const struct pm_unit *u, const struct pm_poison *p,
				   const struct pm_rec_files *files)
{
	struct pm_snap_rec *r = calloc(1, sizeof(*r));
	bool ok = r != NULL;

	if (!r)
		return NULL;
	r->unit = *u;
	r->unit.bus = dup_or_null(u->bus, &ok);
	r->unit.provider = dup_or_null(u->provider, &ok);
	r->unit.region = dup_or_null(u->region, &ok);
	r->unit.namespace = dup_or_null(u->namespace, &ok);
	r->unit.device = dup_or_null(u->device, &ok);
	r->p = *p;
	r->p.unit = 0;
	for (unsigned int i = 0; i < p->ndimms; i++)
		r->p.dimms[i] = dup_or_null(p->dimms[i], &ok);
	r->has_files = files != NULL;
	if (ok && files)
		ok = pm_rec_files_copy(files, &r->files) == 0;
	if (!ok) {
		rec_free(r);
		return NULL;
	}
	return r;
}

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

		if (!u->unknown)
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
	struct pm_rec_files *owners = NULL;
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
	/* a failed map leaves that device's owners unknown */
	if (!rc && files && pm_scan_files(&scan, *files, NULL, &owners) == -ENOMEM)
		rc = -ENOMEM;
	if (rc) {
		pm_scan_free(&scan);
		pm_snapshot_free(s);
		return rc;
	}
	v = calloc(scan.nrecs + 1, sizeof(*v));
	s->keys = calloc(scan.nrecs + 1, sizeof(*s->keys));
	s->recs = calloc(scan.nrecs + 1, sizeof(*s->recs));	/* NOLINT(bugprone-sizeof-expression): an array of pointers */
	for (size_t i = 0; v && s->keys && s->recs && i < scan.nrecs; i++) {
		const struct pm_poison *p = &scan.recs[i];
		char key[512];

		pm_poison_key(&scan, p, key, sizeof(key));
		v[s->n] = (struct pair){ strdup(key), rec_dup(&scan.units[p->unit], p, owners ? &owners[i] : NULL) };
		if (!v[s->n].key || !v[s->n].rec) {
			free(v[s->n].key);
			rec_free(v[s->n].rec);
			break;
		}
		s->n++;
	}
	if (v)
		qsort(v, s->n, sizeof(*v), by_key);
	for (size_t i = 0; v && s->keys && s->recs && i < s->n; i++)
		s->keys[i] = v[i].key, s->recs[i] = v[i].rec;
	rc = v && s->keys && s->recs && s->n == scan.nrecs ? 0 : -ENOMEM;
	free(v);
	for (size_t i = 0; owners && i < scan.nrecs; i++)
		pm_rec_files_free(&owners[i]);
	free(owners);
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
	struct pm_snap_rec **recs;

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
		v[n] = (struct pair){ strdup(old->keys[i]), rec_dup(&old->recs[i]->unit, &old->recs[i]->p,
								    old->recs[i]->has_files ? &old->recs[i]->files : NULL) };
		if (!v[n].key || !v[n].rec) {
			free(v[n].key);
			rec_free(v[n].rec);
			break;
		}
		n++;
	}
	if (!v || !keys || !recs || n != now->n + add) {	/* out of memory: @now as it was */
		for (size_t i = now->n; v && i < n; i++) {
			free(v[i].key);
			rec_free(v[i].rec);
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
		rec_free(s->recs[i]);
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
