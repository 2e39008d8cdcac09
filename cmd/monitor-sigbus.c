// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl monitor's SIGBUSes for memory errors (signal:signal_generate, read
 * by monitor-ras.c): each is held until the memory failure that sent it
 * claims it (lib/ras-signals.h says how they are paired) and listed in that
 * memory-failure event; one that none claims within a second is a sigbus
 * event of its own.
 */
#include <stdlib.h>
#include <time.h>
#include <json-c/json.h>

#include "cmd/monitor.h"
#include "lib/ras-signals.h"
#include "util/json.h"

static unsigned long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long long)t.tv_sec * 1000 + (unsigned long long)t.tv_nsec / 1000000;
}

static const char *result_name(enum pm_sig_result r)
{
	static const char *const names[] = {
		[PM_SIG_DELIVERED] = "delivered", [PM_SIG_IGNORED] = "ignored",
		[PM_SIG_ALREADY_PENDING] = "already-pending", [PM_SIG_OVERFLOW_FAIL] = "overflow-fail",
		[PM_SIG_LOSE_INFO] = "lose-info", [PM_SIG_RESULT_UNKNOWN] = "unknown",
	};

	return names[r];
}

/* The fields of a signalled process, in a memory-failure event's list and in a sigbus event. */
static void add_signal(struct json_object *o, const struct pm_sigbus *s)
{
	json_add_u64(o, "pid", true, (uint64_t)s->pid);
	json_add_str(o, "comm", s->comm);
	json_add_str(o, "signal", "SIGBUS");
	json_add_str(o, "si_code", s->action_required ? "BUS_MCEERR_AR" : "BUS_MCEERR_AO");
	json_add_str(o, "signal_result", result_name(s->result));
}

/* A SIGBUS no memory failure claimed: the page was known bad already, or no memory_failure() ran. */
static void sigbus(struct monitor *m, const struct pm_sigbus *s)
{
	struct json_object *o = json_object_new_object();

	add_signal(o, s);
	json_add_u64(o, "sender_pid", true, (uint64_t)s->sender);
	json_add_str(o, "sender_comm", s->sender_comm);
	monitor_emit(m, "sigbus", o);
	json_object_put(o);
}

void monitor_sigbus_hold(struct monitor *m, const struct pm_sigbus *s)
{
	struct pm_sigbus evicted;

	if (m->sigq && pm_sigq_add(m->sigq, s, now_ms(), &evicted))
		sigbus(m, &evicted);
}

struct json_object *monitor_sigbus_claim(struct monitor *m, int sender, unsigned long long ts_us)
{
	struct pm_sigbus got[PM_SIGQ_MAX];
	struct json_object *list;
	size_t n;

	if (!m->sigq)
		return NULL;	/* signals are not watched */
	n = sender >= 0 ? pm_sigq_claim(m->sigq, sender, ts_us, got, PM_SIGQ_MAX) : 0;
	list = json_object_new_array();
	if (!list)
		json_lost_mark();	/* null here would say "not watched" */
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_new_object();

		add_signal(s, &got[i]);
		json_add_elem(list, s);
	}
	return list;
}

long long monitor_ras_wait_ms(struct monitor *m)
{
	return m->sigq ? pm_sigq_wait_ms(m->sigq, now_ms()) : -1;
}

void monitor_sigbus_expire(struct monitor *m, bool all)
{
	struct pm_sigbus s;

	while (m->sigq && !m->stdout_lost && pm_sigq_expire(m->sigq, now_ms(), all, &s))
		sigbus(m, &s);
}
