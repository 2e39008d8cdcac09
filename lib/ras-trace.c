// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/ras-trace.h"

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

static enum pm_mf_result result_of(const char *word)
{
	static const char *const words[] = {
		[PM_MF_IGNORED] = "Ignored", [PM_MF_FAILED] = "Failed",
		[PM_MF_DELAYED] = "Delayed", [PM_MF_RECOVERED] = "Recovered",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(word, words[i]))
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
	strcpy(f->result_text, last + 2);
	f->result = result_of(f->result_text);
	return 0;
}
