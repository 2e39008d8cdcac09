// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl monitor's CXL poison: the records list-poison gives for CXL
 * memdevs (kind cxl), in the start-up snapshot and as poison-added and
 * poison-cleared events. A memdev's list is read only when the kernel asks
 * for it (trigger_poison_list), so monitor watches the events after which
 * it may differ — cxl_poison Inject/Clear, cxl_general_media, cxl_dram — in
 * a private tracefs instance polled with the other fds, and lists that
 * memdev again. A record is its DPA range: one that appears was added, one
 * that goes away was cleared.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd/builtin.h"
#include "cmd/monitor.h"
#include "cmd/poison-json.h"
#include "lib/cxl-watch.h"
#include "util/json.h"
#include "util/tracefs.h"

#define CMD "monitor"
/* memdevs named by one drain; more than this: every memdev is listed again */
#define MAX_NAMED 8

struct cxl_entry {
	char key[96];
	char memdev[32];
	uint64_t length;
	struct json_object *rec;
};

struct monitor_cxl {
	struct tracefs_inst *t;
	int rc;				/* why CXL is not watched (-errno), with a memdev present */
	bool watched;			/* memdevs whose lists are read, and the tracepoints */
	unsigned long long lost;	/* the ring's overruns seen so far */
	struct cxl_entry *v;		/* the records now, sorted by key */
	size_t n;
};

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct cxl_entry *)a)->key, ((const struct cxl_entry *)b)->key);
}

/*
 * The records of @memdev (NULL: every memdev) as sorted entries in *@out,
 * and the scan's state in *@state (may be NULL). 0; -EAGAIN when a list was
 * not read whole (the entries are what was read), or -errno.
 */
static int list_entries(struct monitor *m, const char *memdev, struct cxl_entry **out, size_t *n,
			enum pm_cxl_state *state)
{
	const struct pm_filter *f = &m->o->filter;
	struct pm_cxl_filter cf = { .memdev = memdev, .region = f->region, .bus = f->bus,
				    .namespace = f->namespace, .mode = f->mode };
	struct pm_cxl_scan c;
	int rc = pm_cxl_scan("/sys", m->ctx, &cf, &c), whole = 0;

	*out = NULL;
	*n = 0;
	if (state)
		*state = rc ? PM_CXL_NONE : c.state;
	if (rc == -ENODEV)	/* the memdev went away, its poison with it */
		return 0;
	if (rc)
		return rc;
	for (size_t i = 0; i < c.nmemdevs; i++)
		if (c.memdevs[i].list != PM_CXL_LIST_READ)
			whole = -EAGAIN;
	*out = calloc(c.nrecs + 1, sizeof(**out));
	for (size_t i = 0; *out && i < c.nrecs; i++) {
		struct cxl_entry *e = &(*out)[(*n)++];

		pm_cxl_rec_key(&c, &c.recs[i], e->key, sizeof(e->key));
		snprintf(e->memdev, sizeof(e->memdev), "%s", c.memdevs[c.recs[i].memdev].name);
		e->length = c.recs[i].length;
		e->rec = pm_cxl_rec_to_json(&c, &c.recs[i]);
	}
	if (*out)
		qsort(*out, *n, sizeof(**out), by_key);
	pm_cxl_scan_free(&c);
	return *out ? whole : -ENOMEM;
}

static void entries_free(struct cxl_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_object_put(v[i].rec);
	free(v);
}

/* Whether this monitor has CXL memdevs to watch (the first listing says), and why not. */
void monitor_cxl_open(struct monitor *m)
{
	struct monitor_cxl *x = calloc(1, sizeof(*x));
	enum pm_cxl_state state;
	int missing = -1, rc;

	m->cxl = x;
	if (!x)
		return;
	/* watch first, then look: a change while looking still wakes the loop */
	rc = tracefs_open_filtered(pm_cxl_watch_events, pm_cxl_watch_filters, 0, &x->t, &missing);
	if (list_entries(m, NULL, &x->v, &x->n, &state) == -ENOMEM)
		rc = -ENOMEM;
	if (state == PM_CXL_NO_INTERFACE)
		rc = -ENOENT;
	else if (state == PM_CXL_NOT_ROOT)
		rc = -EACCES;
	x->rc = state == PM_CXL_NONE ? 0 : rc;	/* no memdev: nothing to watch, nothing to say */
	x->watched = state == PM_CXL_SCANNED && !rc;
	if (x->watched) {
		x->lost = tracefs_lost(x->t);
		return;
	}
	tracefs_close(x->t);
	x->t = NULL;
}

void monitor_cxl_announce(struct monitor *m)
{
	struct json_object *o, *what;
	unsigned long before = m->events;
	int rc = m->cxl ? m->cxl->rc : -ENOMEM;
	bool denied = rc == -EACCES || rc == -EPERM;

	if (!rc)
		return;
	o = json_object_new_object();
	what = json_object_new_array();
	json_add_elem(what, json_object_new_string("cxl-poison"));
	json_add_made(o, "events", what);
	json_add_str(o, "reason", denied ? "not-privileged" : rc == -ENODEV ? "no-tracefs"
				  : rc == -ENOENT ? "no-tracepoint" : "error");
	json_add_str(o, "tracepoint", rc == -ENOENT ? "cxl/cxl_poison" : NULL);
	json_add_str(o, "error", rc == -ENOENT ? NULL : strerror(-rc));
	pm_note(CMD, denied ? "CXL poison is not watched: its lists and tracepoints need root"
		    : rc == -ENOENT ? "CXL poison is not watched: this kernel has no CXL poison interface"
		    " (it came in Linux 6.4)" : "CXL poison is not watched: %s", strerror(-rc));
	monitor_emit(m, "events-unwatched", o);
	m->events = before;	/* a start-up notice, not an event --once waits for */
	json_object_put(o);
}

void monitor_cxl_present(struct monitor *m, uint64_t *ranges, uint64_t *bytes)
{
	for (size_t i = 0; m->cxl && i < m->cxl->n && !m->stdout_lost; i++) {
		monitor_emit(m, "poison-present", m->cxl->v[i].rec);
		(*ranges)++;
		*bytes += m->cxl->v[i].length;
	}
}

int monitor_cxl_fd(const struct monitor *m)
{
	return m->cxl && m->cxl->t ? tracefs_fd(m->cxl->t) : -1;
}

/* Emit what is in @a and not in @b (both sorted) as @event. */
static void emit_missing(struct monitor *m, const struct cxl_entry *a, size_t na, const struct cxl_entry *b,
			 size_t nb, const char *event)
{
	for (size_t i = 0, j = 0; i < na && !m->stdout_lost; i++) {
		int cmp = 1;

		while (j < nb && (cmp = strcmp(b[j].key, a[i].key)) < 0)
			j++;
		if (j >= nb || cmp)
			monitor_emit(m, event, a[i].rec);
	}
}

/* List @memdev (NULL: all) again: its cleared ranges, then its added ones; keep the new list. */
static void relist(struct monitor *m, const char *memdev)
{
	struct monitor_cxl *x = m->cxl;
	struct cxl_entry *now = NULL, *old = calloc(x->n + 1, sizeof(*old)), *merged;
	size_t nnow = 0, nold = 0, kept = 0;

	if (!old || list_entries(m, memdev, &now, &nnow, NULL)) {
		entries_free(now, nnow);
		free(old);
		return;		/* a list not read whole: nothing is said cleared */
	}
	for (size_t i = 0; i < x->n; i++) {
		if (!memdev || !strcmp(x->v[i].memdev, memdev))
			old[nold++] = x->v[i];
		else
			x->v[kept++] = x->v[i];
	}
	emit_missing(m, old, nold, now, nnow, "poison-cleared");
	emit_missing(m, now, nnow, old, nold, "poison-added");
	merged = realloc(x->v, (kept + nnow + 1) * sizeof(*merged));
	if (!merged) {	/* keep the old list: the next listing compares with it again */
		memcpy(x->v + kept, old, nold * sizeof(*old));
		x->n = kept + nold;
		entries_free(now, nnow);
		free(old);
		return;
	}
	if (nnow)	/* now is NULL when the memdev lists nothing */
		memcpy(merged + kept, now, nnow * sizeof(*now));
	x->v = merged;
	x->n = kept + nnow;
	qsort(x->v, x->n, sizeof(*x->v), by_key);
	entries_free(old, nold);
	free(now);
}

struct named {
	char names[MAX_NAMED][32];
	size_t n;
	bool all;
};

static int on_line(const char *line, void *arg)
{
	struct named *d = arg;
	char name[32];

	if (!pm_cxl_watch_line(line, name, sizeof(name)))
		return 0;
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->names[i], name))
			return 0;
	if (d->n < MAX_NAMED)
		memcpy(d->names[d->n++], name, sizeof(name));
	else
		d->all = true;
	return 0;
}

void monitor_cxl_drain(struct monitor *m)
{
	struct monitor_cxl *x = m->cxl;
	struct named d = { .n = 0 };

	if (!x || !x->t)
		return;
	while (tracefs_drain(x->t, on_line, &d) > 0)
		;
	if (tracefs_lost(x->t) != x->lost) {	/* an event overwritten named some memdev: all of them */
		x->lost = tracefs_lost(x->t);
		d.all = true;
	}
	if (d.all)
		relist(m, NULL);
	for (size_t i = 0; !d.all && i < d.n; i++)
		relist(m, d.names[i]);
}

void monitor_cxl_close(struct monitor *m)
{
	if (!m->cxl)
		return;
	tracefs_close(m->cxl->t);
	entries_free(m->cxl->v, m->cxl->n);
	free(m->cxl);
	m->cxl = NULL;
}
