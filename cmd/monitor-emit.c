// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl monitor's events: one JSON line each, to standard output, the
 * --log file and, with --syslog, the journal (structured fields, so that
 * journalctl PMEMCTL_EVENT=poison-added finds them) or plain syslog where
 * journald is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/uio.h>
#include <json-c/json.h>
#include <systemd/sd-journal.h>

#include "cmd/builtin.h"
#include "cmd/monitor.h"
#include "cmd/output.h"
#include "cmd/poison-json.h"
#include "util/journal.h"
#include "util/json.h"
#include "util/lazylib.h"

#define CMD "monitor"

#define IDENT "pmemctl-monitor"
/* where journald listens for sd_journal_sendv(); absent: no journald */
#define JOURNAL_SOCKET "/run/systemd/journal/socket"

/* libsystemd, for the journal only: loaded when there is a journal to write to */
LAZYLIB_PROTOTYPE(sd_journal_sendv);
static const struct lazylib_sym systemd_syms[] = { LAZYLIB_SYM(sd_journal_sendv) };
static struct lazylib libsystemd = LAZYLIB("libsystemd.so.0", "the journal", systemd_syms);
LAZYLIB_NOTE(libsystemd, "libsystemd.so.0", "the journal (monitor --syslog)");

/* Before the first event: a journal without libsystemd fails here (cmd/pmemctl.c's handler). */
int monitor_open_syslog(struct monitor *m)
{
	m->journal = access(JOURNAL_SOCKET, W_OK) == 0;
	if (m->journal && lazylib_load(&libsystemd))
		return EXIT_FAIL;
	if (!m->journal)
		openlog(IDENT, LOG_PID, LOG_DAEMON);
	return EXIT_OK;
}

static void stamp(struct json_object *o)
{
	struct timespec t;
	struct tm tm;
	char when[64];

	clock_gettime(CLOCK_REALTIME, &t);
	gmtime_r(&t.tv_sec, &tm);
	snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, t.tv_nsec / 1000);
	json_add_str(o, "time", when);
}

/* The journal first; where it refuses (or is absent), plain syslog. */
static void to_syslog(struct monitor *m, struct json_object *o, const char *event)
{
	static const char *const warnings[] = { "poison-added", "machine-check", "memory-failure", "sigbus" };
	int prio = LOG_NOTICE;
	struct journal_fields f;

	for (size_t i = 0; i < sizeof(warnings) / sizeof(warnings[0]); i++)
		if (!strcmp(event, warnings[i]))
			prio = LOG_WARNING;
	if (m->journal && !journal_fields_build(o, "PMEMCTL", IDENT, prio, &f)) {
		struct iovec *iov = calloc(f.n + 1, sizeof(*iov));
		int rc = -1;

		for (size_t i = 0; iov && i < f.n; i++)
			iov[i] = (struct iovec){ .iov_base = f.v[i], .iov_len = strlen(f.v[i]) };
		if (iov)
			rc = sym_sd_journal_sendv(iov, (int)f.n);
		free(iov);
		journal_fields_free(&f);
		if (rc >= 0)
			return;
		m->journal = false;	/* journald went away: syslog from now on */
		openlog(IDENT, LOG_PID, LOG_DAEMON);
	}
	syslog(prio, "%s", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
}

struct json_object *monitor_event_json(const char *event, struct json_object *rec)
{
	struct json_object *o = json_object_new_object();

	stamp(o);
	json_add_str(o, "event", event);
	if (rec) {
		json_object_object_foreach(rec, k, v)
			json_add_copy(o, k, json_object_get(v));
	}
	if (json_lost_take()) {	/* in @rec or here */
		json_object_put(o);
		return NULL;
	}
	return o;
}

void monitor_emit(struct monitor *m, const char *event, struct json_object *rec)
{
	struct json_object *o = monitor_event_json(event, rec);
	/*
	 * json-c's serializer ignores an append it could not make (0.15-0.18),
	 * so out of memory a line can still lack a key; a NULL is caught.
	 */
	const char *line = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : NULL;

	if (!line) {
		/* never an event with a value missing or null ("not known"): stop, and fail */
		pm_error(CMD, "out of memory: a %s event could not be made whole; stopping", event);
		m->stdout_lost = m->lost = true;
		json_object_put(o);
		return;
	}
	if (!m->o->no_stdout) {
		printf("%s\n", line);
		m->stdout_lost = pm_stdout_failed();
	}
	if (m->log && (fprintf(m->log, "%s\n", line) < 0 || fflush(m->log) == EOF)) {
		/* a log that takes no more (a full /var/log) loses events: never silently */
		pm_error(CMD, "writing --log %s: %s; stopping", m->o->log, strerror(errno));
		m->stdout_lost = m->lost = true;
	}
	if (m->o->syslog)
		to_syslog(m, o, event);
	json_object_put(o);
	m->events++;
}

struct json_object *monitor_rec_json(const struct pm_snap_rec *r)
{
	struct json_object *o = pm_poison_to_json(&r->unit, &r->p);

	if (o && r->has_files)
		pm_files_add_json(o, &r->files);
	return o;
}

void monitor_emit_snapshot(struct monitor *m)
{
	struct json_object *total = json_object_new_object();
	uint64_t bytes = 0, ranges;

	for (size_t i = 0; i < m->snap.n && !m->stdout_lost; i++) {
		struct json_object *o = monitor_rec_json(m->snap.recs[i]);

		monitor_emit(m, "poison-present", o);
		json_object_put(o);
		bytes += m->snap.recs[i]->p.length;
	}
	ranges = m->snap.n;
	monitor_cxl_present(m, &ranges, &bytes);
	json_add_u64(total, "ranges", true, ranges);
	json_add_u64(total, "bytes", true, bytes);
	if (!m->stdout_lost)
		monitor_emit(m, "snapshot", total);
	json_object_put(total);
}

/* A re-attributed record: as it is now, and what it was before. */
static void add_previous(struct json_object *o, const struct pm_snap_rec *prev)
{
	json_add_str(o, "previous_namespace", prev->unit.namespace);
	json_add_str(o, "previous_mode", prev->unit.namespace ? pm_mode_name(prev->unit.mode) : NULL);
	json_add_str(o, "previous_device", prev->unit.device);
	json_add_str(o, "previous_area", pm_area_name(prev->p.area));
	json_add_u64(o, "previous_offset", prev->p.has_data_offset, prev->p.data_offset);
}

void monitor_emit_changes(struct monitor *m, const struct pm_snapshot *old, const struct pm_snapshot *now)
{
	static const char *const names[] = {
		[PM_CHANGE_ADDED] = "poison-added",
		[PM_CHANGE_CLEARED] = "poison-cleared",
		[PM_CHANGE_REATTRIBUTED] = "poison-reattributed",
	};
	struct pm_change *v;
	size_t n;

	if (pm_snapshot_diff(old, now, &v, &n))
		return;
	for (size_t i = 0; i < n && !m->stdout_lost; i++) {
		struct json_object *o = monitor_rec_json(&v[i].rec);

		if (o && v[i].prev) {
			/* the previous offset is that of the same sectors: cut like the record */
			struct pm_snap_rec prev = *v[i].prev;

			if (prev.p.has_data_offset)
				prev.p.data_offset += v[i].rec.p.region_offset - prev.p.region_offset;
			add_previous(o, &prev);
		}
		monitor_emit(m, names[v[i].kind], o);
		json_object_put(o);
	}
	free(v);
}
