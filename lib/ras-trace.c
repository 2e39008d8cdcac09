// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "lib/ras-trace.h"
#include "util/tracefs.h"

/* Linux 6.1 to 6.9 (TP_printk of include/trace/events/mce.h) */
static int parse_old(const char *b, struct pm_mce *m)
{
	int end = -1;

	sscanf(b, "CPU: %u, MCGc/s: %" SCNx64 "/%" SCNx64 ", MC%u: %" SCNx64 ", IPID: %" SCNx64
		  ", ADDR/MISC/SYND: %" SCNx64 "/%" SCNx64 "/%" SCNx64 ", RIP: %x:<%" SCNx64 ">, TSC: %" SCNx64
		  ", PROCESSOR: %u:%x, TIME: %" SCNu64 ", SOCKET: %u, APIC: %x%n",
	       &m->cpu, &m->mcgcap, &m->mcgstatus, &m->bank, &m->status, &m->ipid, &m->addr, &m->misc, &m->synd,
	       &m->cs, &m->ip, &m->tsc, &m->vendor, &m->cpuid, &m->walltime, &m->socket, &m->apicid, &end);
	return end > 0 && b[end] == '\0' ? 0 : -EINVAL;
}

/* Linux 6.10 on: one field per register, PPIN and microcode added */
static int parse_new(const char *b, struct pm_mce *m)
{
	int end = -1;

	sscanf(b, "CPU: %u, MCGc/s: %" SCNx64 "/%" SCNx64 ", MC%u: %" SCNx64 ", IPID: %" SCNx64
		  ", ADDR: %" SCNx64 ", MISC: %" SCNx64 ", SYND: %" SCNx64 ", RIP: %x:<%" SCNx64 ">, TSC: %" SCNx64
		  ", PPIN: %" SCNx64 ", vendor: %u, CPUID: %x, time: %" SCNu64 ", socket: %u, APIC: %x, microcode: %x%n",
	       &m->cpu, &m->mcgcap, &m->mcgstatus, &m->bank, &m->status, &m->ipid, &m->addr, &m->misc, &m->synd,
	       &m->cs, &m->ip, &m->tsc, &m->ppin, &m->vendor, &m->cpuid, &m->walltime, &m->socket, &m->apicid,
	       &m->microcode, &end);
	m->vendor_rules = true;
	return end > 0 && b[end] == '\0' ? 0 : -EINVAL;
}

int pm_mce_parse(const char *body, struct pm_mce *m)
{
	*m = (struct pm_mce){ 0 };
	if (strstr(body, "ADDR/MISC/SYND: "))
		return parse_old(body, m);
	return parse_new(body, m);
}

enum pm_mf_result pm_mf_result_of(const char *word)
{
	static const char *const words[] = {
		[PM_MF_IGNORED] = "Ignored", [PM_MF_FAILED] = "Failed",
		[PM_MF_DELAYED] = "Delayed", [PM_MF_RECOVERED] = "Recovered",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i] && !strcmp(word, words[i]))
			return (enum pm_mf_result)i;
	return PM_MF_UNKNOWN;
}

int pm_memory_failure_parse(const char *body, struct pm_memory_failure *f)
{
	const char *type, *last;
	int end = -1;
	size_t n;

	*f = (struct pm_memory_failure){ 0 };
	if (sscanf(body, "pfn %" SCNx64 ":%n", &f->pfn, &end) != 1 || end < 0)
		return -EINVAL;
	/* the page type may hold spaces and even a colon-free phrase: cut at " for " and the last ": " */
	type = strstr(body + end, " for ");
	last = strrchr(body + end, ':');
	if (!type || !last || last < type + 5 || last[1] != ' ' || !last[2])
		return -EINVAL;
	type += 5;
	n = (size_t)(last - type);
	if (n >= sizeof(f->page_type) || strlen(last + 2) >= sizeof(f->result_text))
		return -EINVAL;
	memcpy(f->page_type, type, n);
	f->page_type[n] = '\0';
	memcpy(f->result_text, last + 2, strlen(last + 2) + 1);	/* its length checked above */
	f->result = pm_mf_result_of(f->result_text);
	return 0;
}

/* The integer of field @key of a signal_generate body. */
static int int_field(const char *body, const char *key, int *v)
{
	char buf[24], *end;
	long n;

	if (tracefs_field(body, key, buf, sizeof(buf)))
		return -EINVAL;
	n = strtol(buf, &end, 10);
	if (end == buf || *end)
		return -EINVAL;
	*v = (int)n;
	return 0;
}

int pm_sigbus_parse(const char *body, struct pm_sigbus *s)
{
	int sig, code, grp, res;

	memset(s, 0, offsetof(struct pm_sigbus, sender));
	if (int_field(body, "sig", &sig) || int_field(body, "code", &code) || int_field(body, "pid", &s->pid) ||
	    int_field(body, "grp", &grp) || int_field(body, "res", &res) ||
	    tracefs_field(body, "comm", s->comm, sizeof(s->comm)))
		return -EINVAL;
	if (sig != SIGBUS || (code != BUS_MCEERR_AR && code != BUS_MCEERR_AO))
		return -ENOENT;
	s->action_required = code == BUS_MCEERR_AR;
	s->group = grp != 0;
	s->result = res >= 0 && res < PM_SIG_RESULT_UNKNOWN ? (enum pm_sig_result)res : PM_SIG_RESULT_UNKNOWN;
	return 0;
}
