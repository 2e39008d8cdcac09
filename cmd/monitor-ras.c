// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl monitor's machine-check, memory-failure and sigbus events: the
 * kernel's mce:mce_record, ras:memory_failure_event and (the SIGBUSes a
 * memory failure sends) signal:signal_generate tracepoints, read through a
 * private tracefs instance whose trace_pipe the loop polls with the other
 * fds. Each record is placed in the poison model (region, namespace, data
 * offset, files) and says how the kernel judged it; an address outside
 * persistent memory is reported too, with no region.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd/builtin.h"
#include "cmd/monitor.h"
#include "cmd/poison-json.h"
#include "lib/mce-decode.h"
#include "lib/memfail.h"
#include "lib/ras-place.h"
#include "lib/ras-signals.h"
#include "lib/ras-trace.h"
#include "util/json.h"
#include "util/tracefs.h"

#define CMD "monitor"

enum { RAS_MCE, RAS_MF, RAS_SIG, RAS_N };

static const char *const ras_events[RAS_N] = { PM_MCE_EVENT, PM_MF_EVENT, PM_SIG_EVENT };
static const char *const ras_filters[RAS_N] = { [RAS_SIG] = PM_SIG_FILTER };

/* The monitor's event names of the tracepoints, in ras_events' order. */
static const char *const ras_names[RAS_N] = { "machine-check", "memory-failure", "sigbus" };

/* Why tracepoints are not watched: an event that says which (@first on, or @first only) and why. */
static void unwatched(struct monitor *m, int rc, int first, bool only)
{
	struct json_object *o = json_object_new_object(), *what = json_object_new_array();
	bool denied = rc == -EACCES || rc == -EPERM;
	const char *reason = denied ? "not-privileged" : rc == -ENODEV ? "no-tracefs"
			   : rc == -ENOENT ? "no-tracepoint" : "error";
	unsigned long before = m->events;

	for (int i = rc == -ENOENT ? first : 0; i < (only ? first + 1 : RAS_N); i++)
		json_add_elem(what, json_object_new_string(ras_names[i]));
	json_add_made(o, "events", what);
	json_add_str(o, "reason", reason);
	json_add_str(o, "tracepoint", rc == -ENOENT ? ras_events[first] : NULL);
	json_add_str(o, "error", rc == -ENOENT ? NULL : strerror(-rc));
	if (denied)	/* the one a user can act on; a kernel without them is said in the event only */
		pm_note(CMD, "machine checks are not watched: tracefs needs root");
	monitor_emit(m, "events-unwatched", o);
	m->events = before;	/* a start-up notice, not an event --once waits for */
	json_object_put(o);
}

/*
 * Open the instance with the tracepoints of ras_events this kernel has: a
 * kernel without CONFIG_MEMORY_FAILURE still has machine checks, and the
 * signal filter, if refused, is applied here instead (pm_sigbus_parse).
 */
static int open_watched(struct monitor *m, int *missing)
{
	static const char *events[RAS_N + 1], *filters[RAS_N + 1];	/* the instance keeps them */
	int idx[RAS_N], rc;

	for (;;) {
		int n = 0;

		for (int i = 0; i < RAS_N; i++)
			if (!(m->ras_dropped & (1u << i))) {
				idx[n] = i;
				filters[n] = m->ras_unfiltered ? NULL : ras_filters[i];
				events[n++] = ras_events[i];
			}
		events[n] = NULL;
		*missing = -1;
		rc = tracefs_open_filtered(events, filters, 0, &m->ras, missing);
		if (rc == -EINVAL && *missing >= 0 && filters[*missing] && !m->ras_unfiltered)
			m->ras_unfiltered = true;
		else if (rc == -ENOENT && *missing >= 0 && idx[*missing] != RAS_MCE)
			m->ras_dropped |= 1u << idx[*missing];
		else
			return rc == -ENOENT && *missing >= 0 ? (*missing = idx[*missing], rc) : rc;
	}
}

void monitor_ras_open(struct monitor *m)
{
	int missing = -1, rc = open_watched(m, &missing);

	m->ras_rc = rc;
	m->ras_missing = rc == -ENOENT && missing >= 0 ? missing : 0;
	if (m->ras_unfiltered)
		pm_note(CMD, "the kernel refused the signal_generate filter: every signal wakes monitor");
	if (m->ras && !(m->ras_dropped & (1u << RAS_SIG)))
		m->sigq = calloc(1, sizeof(*m->sigq));
	if (m->ras)
		m->ras_lost = tracefs_lost(m->ras);
}

void monitor_ras_announce(struct monitor *m)
{
	for (int i = 0; !m->ras_rc && i < RAS_N; i++)
		if (m->ras_dropped & (1u << i))
			unwatched(m, -ENOENT, i, true);
	if (m->ras_rc)
		unwatched(m, m->ras_rc, m->ras_missing, false);
}

void monitor_ras_close(struct monitor *m)
{
	if (m->sigq && !m->stdout_lost)
		monitor_ras_expire(m, true);
	free(m->sigq);
	m->sigq = NULL;
	tracefs_close(m->ras);
	m->ras = NULL;
}

/* The record of @pl that holds physical address @addr (the first one when none does). */
static size_t record_at(const struct pm_ras_place *pl, uint64_t addr)
{
	for (size_t i = 0; i < pl->scan.nrecs; i++) {
		const struct pm_poison *p = &pl->scan.recs[i];

		if (p->has_spa && addr >= p->spa && addr - p->spa < p->length)
			return i;
	}
	return 0;
}

/*
 * The place fields of a poison record and its files: no source, list state,
 * placed or kind (this is no list, and the event names what it is), and no
 * system_ram (the event's own fields say what the kernel did with the page).
 */
static void add_place(struct monitor *m, struct json_object *o, uint64_t start, uint64_t len, uint64_t addr)
{
	static const char *const skip[] = { "source", "poison_list", "placed", "kind", "system_ram" };
	struct pm_ras_place pl;
	struct json_object *rec;
	size_t i;

	if (pm_ras_place(m->ctx, start, len, m->o->files ? &m->o->method : NULL, &pl) || !pl.in_pmem ||
	    !pl.scan.nrecs) {
		json_add_str(o, "region", NULL);	/* outside persistent memory */
		json_add_str(o, "namespace", NULL);
		if (m->o->files)
			json_add_obj(o, "files", NULL);	/* not mapped */
		return;
	}
	i = record_at(&pl, addr);
	rec = pm_poison_to_json(&pl.scan.units[pl.scan.recs[i].unit], &pl.scan.recs[i]);
	if (rec && pl.files)
		pm_files_add_json(rec, &pl.files[i]);
	for (size_t k = 0; rec && k < sizeof(skip) / sizeof(skip[0]); k++)
		json_object_object_del(rec, skip[k]);
	if (rec) {
		json_object_object_foreach(rec, k, v)
			json_add_copy(o, k, json_object_get(v));
	} else {
		json_lost_mark();	/* the record could not be made */
	}
	json_object_put(rec);
	pm_ras_place_free(&pl);
}

static void add_hex(struct json_object *o, const char *key, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%llx", (unsigned long long)v);
	json_add_str(o, key, s);
}

static const char *vendor_name(unsigned int v)
{
	switch (v) {
	case PM_VENDOR_INTEL: return "intel";
	case PM_VENDOR_AMD: return "amd";
	case PM_VENDOR_HYGON: return "hygon";
	case PM_VENDOR_ZHAOXIN: return "zhaoxin";
	default: return "other";
	}
}

static const char *mode_name(unsigned int mode)
{
	static const char *const names[] = { "segment-offset", "linear", "physical", "memory",
					     "reserved", "reserved", "reserved", "generic" };

	return names[mode & 7];
}

static const char *class_name(enum pm_mce_class c)
{
	static const char *const names[] = {
		[PM_MCE_CORRECTED] = "corrected", [PM_MCE_DEFERRED] = "deferred", [PM_MCE_UCNA] = "ucna",
		[PM_MCE_SRAO] = "action-optional", [PM_MCE_SRAR] = "action-required", [PM_MCE_FATAL] = "fatal",
	};

	return names[c];
}

static const char *ignored_name(enum pm_mce_ignored i)
{
	static const char *const names[] = {
		[PM_MCE_USED] = NULL, [PM_MCE_NOT_MEMORY] = "not-memory-error",
		[PM_MCE_CORRECTABLE] = "correctable", [PM_MCE_NO_ADDRESS] = "no-address",
		[PM_MCE_NO_MISC] = "no-misc", [PM_MCE_BEYOND_PAGE] = "granularity-beyond-page",
		[PM_MCE_NOT_PHYSICAL] = "not-physical-address", [PM_MCE_VENDOR_BANK] = "vendor-bank-rule",
	};

	return names[i];
}

static void add_bool(struct json_object *o, const char *key, bool v)
{
	json_add_bool(o, key, v);
}

static void machine_check(struct monitor *m, const struct pm_mce *r)
{
	struct json_object *o = json_object_new_object();
	struct pm_mce_decoded d;
	uint64_t start, len;

	pm_mce_decode(r, &d);
	json_add_u64(o, "cpu", true, r->cpu);
	json_add_u64(o, "bank", true, r->bank);
	json_add_str(o, "vendor", vendor_name(r->vendor));
	/* mci_: the bank's registers, as mcg_status is the global one (status alone is recover's) */
	add_hex(o, "mci_status", r->status);
	add_hex(o, "mci_misc", r->misc);
	add_hex(o, "mcg_status", r->mcgstatus);
	add_hex(o, "ipid", r->ipid);
	json_add_u64(o, "address", true, r->addr);
	add_bool(o, "address_valid", r->status & PM_MCI_ADDRV);
	add_bool(o, "misc_valid", d.has_misc);
	json_add_str(o, "address_mode", mode_name(d.mode));
	json_add_u64(o, "address_lsb", true, d.lsb);
	json_add_u64(o, "granularity", true, d.granularity);
	add_bool(o, "granularity_beyond_page", d.beyond_page);
	json_add_str(o, "class", class_name(d.cls));
	add_bool(o, "uncorrected", d.uncorrected);
	add_bool(o, "pcc", d.pcc);
	add_bool(o, "deferred", d.deferred);
	add_bool(o, "poison", d.poison);
	add_bool(o, "signaled", d.signaled);
	add_bool(o, "action_required", d.action_required);
	add_bool(o, "overflow", d.overflow);
	add_bool(o, "memory_error", d.memory_error);
	add_bool(o, "accepted", d.ignored == PM_MCE_USED);
	json_add_str(o, "ignored_because", ignored_name(d.ignored));
	/* where: the sectors the NFIT handler's badrange covers (the granule, rounded out to sectors) */
	pm_ras_sectors(d.range_start, d.range_len, &start, &len);
	add_place(m, o, start, len, r->addr);
	monitor_emit(m, "machine-check", o);
	json_object_put(o);
}

static void memory_failure(struct monitor *m, const struct pm_memory_failure *f, int sender,
			   unsigned long long ts_us)
{
	struct json_object *o = json_object_new_object();
	uint64_t page = f->pfn * 4096;

	json_add_u64(o, "pfn", true, f->pfn);
	json_add_u64(o, "address", true, page);
	json_add_str(o, "page_type", f->page_type);
	/* the key and words of inject --memory-failure's report for the same result */
	json_add_str(o, "memory_failure", pm_mf_result_name(f->result));
	add_bool(o, "recovered", f->result == PM_MF_RECOVERED);
	json_add_obj(o, "signalled", monitor_sigbus_claim(m, sender, ts_us));	/* NULL: signals not watched */
	add_place(m, o, page, 4096, page);
	monitor_emit(m, "memory-failure", o);
	json_object_put(o);
}

static int on_line(const char *line, void *ctx)
{
	struct monitor *m = ctx;
	const char *body;
	struct pm_mce r;
	struct pm_memory_failure f;
	struct pm_sigbus s;
	int rc;

	if ((body = tracefs_event_body(line, "mce_record"))) {
		if (pm_mce_parse(body, &r) == 0)
			machine_check(m, &r);
		else
			pm_note(CMD, "a machine-check record in an unknown format: %s", body);
	} else if ((body = tracefs_event_body(line, "memory_failure_event"))) {
		if (pm_memory_failure_parse(body, &f) == 0) {
			if (tracefs_line_head(line, body, &s.sender, NULL, 0, &s.ts_us))
				s.sender = -1;	/* claims no signal */
			memory_failure(m, &f, s.sender, s.ts_us);
		} else {
			pm_note(CMD, "a memory-failure record in an unknown format: %s", body);
		}
	} else if ((body = tracefs_event_body(line, "signal_generate"))) {
		rc = pm_sigbus_parse(body, &s);
		if (rc == 0 && tracefs_line_head(line, body, &s.sender, s.sender_comm, sizeof(s.sender_comm),
						 &s.ts_us) == 0)
			monitor_sigbus_hold(m, &s);
		else if (rc != -ENOENT)	/* -ENOENT: another signal (no filter in the kernel) */
			pm_note(CMD, "a signal record in an unknown format: %s", line);
	}
	return m->stdout_lost;
}

void monitor_ras_expire(struct monitor *m, bool all)
{
	if (!m->sigq || !m->sigq->n || (!all && monitor_ras_wait_ms(m) != 0))
		return;
	if (m->ras)	/* what the ring holds now may still claim them */
		(void)tracefs_drain(m->ras, on_line, m);
	monitor_sigbus_expire(m, all);
}

void monitor_ras_drain(struct monitor *m)
{
	unsigned long long lost;
	int rc = tracefs_drain(m->ras, on_line, m);

	if (rc < 0) {
		pm_error(CMD, "reading the trace pipe: %s; machine checks are no longer watched", strerror(-rc));
		unwatched(m, rc, 0, false);
		monitor_ras_close(m);
		return;
	}
	lost = tracefs_lost(m->ras);
	if (lost > m->ras_lost) {	/* never silently: the ring overwrote records before they were read */
		struct json_object *o = json_object_new_object();

		json_add_u64(o, "lost", true, lost - m->ras_lost);
		monitor_emit(m, "trace-records-lost", o);
		json_object_put(o);
		m->ras_lost = lost;
	}
}
