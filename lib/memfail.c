// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/memfail.h"

const char *pm_mf_result_name(enum pm_mf_result r)
{
	switch (r) {
	case PM_MF_NONE: return "none";
	case PM_MF_RECOVERED: return "recovered";
	case PM_MF_DELAYED: return "delayed";
	case PM_MF_IGNORED: return "ignored";
	case PM_MF_FAILED: return "failed";
	case PM_MF_ALREADY: return "already-poisoned";
	case PM_MF_UNKNOWN: return "unknown";
	}
	return "?";
}

/* "COMM:PID" followed by a blank or the end, as kill_proc() prints it; COMM may hold blanks */
static void add_signal(struct pm_memfail *m, const char *who, bool killed)
{
	const char *colon = NULL, *p;
	struct pm_mf_signal *s;

	for (p = strchr(who, ':'); p; p = strchr(p + 1, ':')) {
		size_t digits = strspn(p + 1, "0123456789");

		if (digits && (p[1 + digits] == ' ' || p[1 + digits] == '\0'))
			colon = p;
	}
	if (!colon)
		return;
	if (m->nsig == PM_MF_MAX_SIGNALS) {
		m->sig_cut = true;
		return;
	}
	s = &m->sig[m->nsig++];
	s->pid = atoi(colon + 1);
	s->killed = killed;
	snprintf(s->comm, sizeof(s->comm), "%.*s", (int)(colon - who), who);
}

/* "Memory failure: 0xPFN: what" about m->pfn: what, or NULL */
static const char *about_pfn(const struct pm_memfail *m, const char *msg)
{
	const char *p = strstr(msg, "Memory failure: ");
	char *end;

	if (!p)
		return NULL;
	p += strlen("Memory failure: ");
	if (strtoull(p, &end, 16) != m->pfn || end[0] != ':')
		return NULL;
	return end + 1 + (end[1] == ' ');
}

static bool fs_message(struct pm_memfail *m, const char *msg)
{
	char tag[48];

	if (!m->fsdev)
		return false;
	snprintf(tag, sizeof(tag), "XFS (%s)", m->fsdev);
	if (!strstr(msg, tag) || !strstr(msg, "Shutting down"))
		return false;
	m->fs_shutdown = true;
	return true;
}

/* "recovery action for TYPE: RESULT": true when @what is one */
static bool action_result(struct pm_memfail *m, const char *what)
{
	const char *p = strstr(what, "recovery action"), *colon;

	if (!p || !(p = strstr(p, " for ")) || !(colon = strrchr(p, ':')))
		return false;
	char word[32];

	snprintf(m->page_type, sizeof(m->page_type), "%.*s", (int)(colon - p - 5), p + 5);
	/* the word alone: a log line may go on after it */
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(colon + 1 + (colon[1] == ' '), " \n"),
		 colon + 1 + (colon[1] == ' '));
	m->result = pm_mf_result_of(word);
	return true;
}

bool pm_memfail_feed_event(struct pm_memfail *m, const char *body)
{
	struct pm_memory_failure f;

	if (pm_memory_failure_parse(body, &f) || f.pfn != m->pfn)
		return false;
	snprintf(m->page_type, sizeof(m->page_type), "%s", f.page_type);
	m->result = f.result;
	m->from_trace = true;
	return true;
}

bool pm_memfail_feed(struct pm_memfail *m, const char *msg)
{
	const char *what = about_pfn(m, msg), *p;

	if (!what)
		return fs_message(m, msg);
	if (action_result(m, what))
		return true;	/* the same as the tracepoint's, when it was read */
	if ((p = strstr(what, "Sending SIGBUS")) && (p = strstr(p, " to "))) {
		add_signal(m, p + 4, false);
	} else if ((p = strstr(what, "forcibly killing "))) {
		add_signal(m, p + strlen("forcibly killing "), true);
	} else if (strstr(what, "already hardware")) {
		m->result = PM_MF_ALREADY;
	}
	return true;
}
