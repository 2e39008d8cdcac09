// SPDX-License-Identifier: GPL-2.0
/*
 * monitor's machine-check, memory-failure and signal records: real tracepoint
 * lines captured in the lab (test/unit/fixtures/ras-trace-KERNEL.txt,
 * Debian 6.1 and 6.12, QEMU's default AMD CPU, mce-inject) parsed, and the
 * vendors' rules for the address (which records the kernel acts on).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mce-decode.h"
#include "lib/ras-place.h"
#include "lib/ras-signals.h"
#include "lib/ras-trace.h"
#include "util/tracefs.h"
#include "test/unit/unit.h"

struct fixture {
	unsigned int nmce, nmf;
	struct pm_mce mce[16];
	struct pm_memory_failure mf[4];
	unsigned int bad;	/* lines of any event that did not parse */
	char lines[24][1024];	/* the memory_failure_event and signal_generate lines, in order */
	unsigned int nlines;
};

static void load(const char *kernel, struct fixture *fx)
{
	const char *src = getenv("PMEMCTL_SRCDIR");
	char path[512], line[1024];
	FILE *f;

	memset(fx, 0, sizeof(*fx));
	snprintf(path, sizeof(path), "%s/test/unit/fixtures/ras-trace-%s.txt", src ? src : ".", kernel);
	f = fopen(path, "r");
	CHECK(f != NULL, "%s: the fixture opens", path);
	while (f && fgets(line, sizeof(line), f)) {
		const char *body;

		line[strcspn(line, "\n")] = '\0';
		if ((body = tracefs_event_body(line, "mce_record")) && fx->nmce < 16)
			fx->bad += pm_mce_parse(body, &fx->mce[fx->nmce++]) != 0;
		else if ((body = tracefs_event_body(line, "memory_failure_event")) && fx->nmf < 4)
			fx->bad += pm_memory_failure_parse(body, &fx->mf[fx->nmf++]) != 0;
		if ((tracefs_event_body(line, "memory_failure_event") || tracefs_event_body(line, "signal_generate")) &&
		    fx->nlines < 24)
			snprintf(fx->lines[fx->nlines++], sizeof(fx->lines[0]), "%s", line);
	}
	if (f)
		fclose(f);
}

/*
 * The decode-only records the lab injects (integration-98): LSB 6, 9 and 12
 * at addresses in region0, then a correctable one, LSB 13, and an address
 * in DRAM.
 */
static void check_lab_records(const char *kernel, bool vendor_rules)
{
	static const uint64_t misc[] = { 0x86, 0x89, 0x8c, 0x86, 0x8d, 0x86 };
	static const uint64_t offs[] = { 0x1000240, 0x11003a0, 0x12005a0, 0x1300000, 0x1400000 };
	static const uint64_t gran[] = { 64, 512, 4096, 64, 8192, 64 };
	struct fixture fx;
	struct pm_mce_decoded d;

	load(kernel, &fx);
	CHECK(fx.nmce >= 6 && fx.bad == 0, "%s: %u mce_record lines, all parsed", kernel, fx.nmce);
	if (fx.nmce < 6)
		return;
	for (unsigned int i = 0; i < 6; i++) {
		const struct pm_mce *m = &fx.mce[i];

		pm_mce_decode(m, &d);
		CHECK(m->cpu == 0 && m->bank == 4 && m->vendor == PM_VENDOR_AMD && m->misc == misc[i] &&
		      m->vendor_rules == vendor_rules, "%s record %u: CPU 0, bank 4, AMD, MISC %#llx, %s format",
		      kernel, i, (unsigned long long)misc[i], vendor_rules ? "6.10+" : "6.1");
		CHECK(i == 5 ? m->addr == 0x100000 : (m->addr & 0xfffff) == (offs[i] & 0xfffff),
		      "%s record %u: the injected address", kernel, i);
		CHECK(d.granularity == gran[i] && d.mode == PM_MCE_ADDR_PHYS && d.memory_error,
		      "%s record %u: granularity %llu, physical, a memory error", kernel, i,
		      (unsigned long long)gran[i]);
		if (i == 3)
			CHECK(d.cls == PM_MCE_CORRECTED && d.ignored == PM_MCE_CORRECTABLE,
			      "%s: status 0x9c00...: corrected, ignored as correctable", kernel);
		else
			CHECK(d.cls == PM_MCE_SRAO && d.ignored == PM_MCE_USED,
			      "%s record %u: status 0xbd00...: action optional, accepted on AMD", kernel, i);
	}
	pm_mce_decode(&fx.mce[4], &d);
	CHECK(d.beyond_page && d.range_start == (fx.mce[4].addr & ~8191ULL) && d.range_len == 8192,
	      "%s: LSB 13 flagged beyond a page, the range aligned to 8 KiB", kernel);
	pm_mce_decode(&fx.mce[0], &d);
	CHECK(d.range_start == fx.mce[0].addr && d.range_len == 64, "%s: LSB 6: a 64-byte range at the address",
	      kernel);
}

static struct pm_mce rec(unsigned int vendor, uint64_t status, uint64_t misc, bool vendor_rules)
{
	return (struct pm_mce){ .vendor = vendor, .bank = 4, .status = status, .misc = misc, .addr = 0x1c1000240,
				.vendor_rules = vendor_rules };
}

static enum pm_mce_ignored judged(struct pm_mce m)
{
	struct pm_mce_decoded d;

	pm_mce_decode(&m, &d);
	return d.ignored;
}

/* intel_mce_usable_address(), amd_mce_usable_address() (6.10+), 6.1's "Intel only". */
static void test_vendor_rules(void)
{
	const uint64_t srao = 0xbd000000000800c0ULL;
	struct pm_mce smca_umc = rec(PM_VENDOR_AMD, 0xbc00000000000000ULL, 0x86, true);
	struct pm_mce_decoded d;

	CHECK(judged(rec(PM_VENDOR_INTEL, srao, 0x8c, false)) == PM_MCE_USED, "Intel, LSB 12, physical: used");
	CHECK(judged(rec(PM_VENDOR_INTEL, srao, 0x8d, false)) == PM_MCE_BEYOND_PAGE, "Intel, LSB 13: ignored");
	CHECK(judged(rec(PM_VENDOR_INTEL, srao, 0x8d, true)) == PM_MCE_BEYOND_PAGE, "Intel, LSB 13 (6.12): ignored");
	CHECK(judged(rec(PM_VENDOR_INTEL, srao, 0x46, false)) == PM_MCE_NOT_PHYSICAL, "Intel, linear address: ignored");
	CHECK(judged(rec(PM_VENDOR_INTEL, srao & ~PM_MCI_MISCV, 0x86, false)) == PM_MCE_NO_MISC,
	      "Intel, MISCV clear: ignored");
	CHECK(judged(rec(PM_VENDOR_ZHAOXIN, srao, 0x8d, false)) == PM_MCE_BEYOND_PAGE, "Zhaoxin follows Intel");
	CHECK(judged(rec(PM_VENDOR_INTEL, srao & ~PM_MCI_ADDRV, 0x86, false)) == PM_MCE_NO_ADDRESS,
	      "ADDRV clear: no address");
	CHECK(judged(rec(PM_VENDOR_INTEL, (srao & ~0xffffULL) | 0x0800, 0x86, false)) == PM_MCE_NOT_MEMORY,
	      "Intel, a bus error code: not a memory error");
	CHECK(judged(rec(PM_VENDOR_INTEL, (srao & ~0xffffULL) | 0x000c, 0x86, false)) == PM_MCE_USED,
	      "Intel, a generic cache hierarchy error (0x000c): a memory error, used");
	CHECK(judged(rec(PM_VENDOR_INTEL, (srao & ~0xffffULL) | 0x0134, 0x86, false)) == PM_MCE_USED,
	      "Intel, a cache hierarchy error (0x0134): a memory error, used");
	CHECK(judged(rec(PM_VENDOR_AMD, srao, 0x8d, false)) == PM_MCE_USED, "AMD 6.1, LSB 13: used");
	CHECK(judged(rec(PM_VENDOR_AMD, srao, 0x46, false)) == PM_MCE_USED, "AMD 6.1, linear mode: used (no check)");
	CHECK(judged(rec(PM_VENDOR_AMD, srao, 0x8d, true)) == PM_MCE_USED,
	      "AMD 6.12, legacy bank 4, XEC 8 (DRAM ECC): used");
	CHECK(judged(rec(PM_VENDOR_AMD, (srao & ~0x1f0000ULL) | 0x10000, 0x86, true)) == PM_MCE_NOT_MEMORY,
	      "AMD, legacy bank 4, XEC 1: not a memory error");
	CHECK(judged(rec(PM_VENDOR_AMD, srao & ~PM_MCI_UC, 0x86, true)) == PM_MCE_CORRECTABLE,
	      "AMD, UC clear, not deferred: correctable");
	CHECK(judged(rec(PM_VENDOR_AMD, 0x9c001000000800c0ULL, 0x8c, true)) == PM_MCE_USED,
	      "AMD deferred (UC clear): not correctable, used");
	pm_mce_decode(&(struct pm_mce){ .vendor = PM_VENDOR_AMD, .bank = 4, .status = 0x9c001000000800c0ULL }, &d);
	CHECK(d.cls == PM_MCE_DEFERRED && d.deferred && !d.uncorrected, "AMD deferred: class deferred");
	/* a Scalable MCA unified memory controller bank: IPID hardware id 0x96, type 0 */
	smca_umc.ipid = 0x9600000000ULL;
	smca_umc.bank = 15;
	CHECK(judged(smca_umc) == PM_MCE_VENDOR_BANK, "AMD SMCA UMC without the poison bit (6.12): ignored");
	smca_umc.status |= PM_MCI_AMD_POISON;
	CHECK(judged(smca_umc) == PM_MCE_USED, "AMD SMCA UMC with the poison bit (6.12): used");
	smca_umc.ipid |= 1ULL << 48;
	CHECK(judged(smca_umc) == PM_MCE_NOT_MEMORY, "AMD SMCA bank with hardware id 0x96 but type 1: not a UMC, not memory");
	smca_umc.ipid &= ~(1ULL << 48);
	smca_umc.status &= ~PM_MCI_AMD_POISON;
	smca_umc.vendor_rules = false;
	CHECK(judged(smca_umc) == PM_MCE_USED, "AMD SMCA UMC (6.1): any valid address is used");
	CHECK(judged(rec(PM_VENDOR_HYGON, srao, 0x8d, true)) == PM_MCE_USED,
	      "Hygon: AMD's memory-error rule, any valid address (no vendor rule of its own)");
	pm_mce_decode(&(struct pm_mce){ .vendor = PM_VENDOR_INTEL, .status = srao | PM_MCI_PCC }, &d);
	CHECK(d.cls == PM_MCE_FATAL, "PCC: fatal");
	pm_mce_decode(&(struct pm_mce){ .vendor = PM_VENDOR_INTEL, .status = srao | PM_MCI_AR }, &d);
	CHECK(d.cls == PM_MCE_SRAR, "S and AR: action required");
	pm_mce_decode(&(struct pm_mce){ .vendor = PM_VENDOR_INTEL, .status = 0xbc0000000000009fULL }, &d);
	CHECK(d.cls == PM_MCE_UCNA && d.memory_error, "Intel 0xbc..9f (the lab's th mode): UCNA, a memory error");
}

static void test_formats(void)
{
	struct pm_mce m;
	struct pm_memory_failure f;

	CHECK(pm_mce_parse("CPU: 0, MCGc/s: 0/0, MC4: bd000000000800c0", &m) != 0, "a cut record: refused");
	CHECK(pm_mce_parse("", &m) != 0, "an empty body: refused");
	CHECK(pm_memory_failure_parse("pfn 0x1c1201: recovery action for dax page: Recovered", &f) == 0 &&
	      f.pfn == 0x1c1201 && !strcmp(f.page_type, "dax page") && f.result == PM_MF_RECOVERED,
	      "memory_failure_event: pfn, page type, result");
	CHECK(pm_memory_failure_parse("pfn 0x10: recovery action for high-order kernel page: Ignored", &f) == 0 &&
	      !strcmp(f.page_type, "high-order kernel page") && f.result == PM_MF_IGNORED,
	      "a page type of three words");
	CHECK(pm_memory_failure_parse("pfn 0x10: recovery action for dax page: Vanished", &f) == 0 &&
	      f.result == PM_MF_UNKNOWN && !strcmp(f.result_text, "Vanished"), "a result word of a later kernel: kept");
	CHECK(pm_memory_failure_parse("pfn zz: recovery action for dax page: Recovered", &f) != 0, "no pfn: refused");
	CHECK(pm_memory_failure_parse("pfn 0x10: recovery action for dax page", &f) != 0, "no result: refused");
}

static void test_sectors(void)
{
	uint64_t s, n;

	pm_ras_sectors(0x1c1000240, 64, &s, &n);
	CHECK(s == 0x1c1000200 && n == 512, "64 bytes inside a sector: that sector");
	pm_ras_sectors(0x1c1001000, 4096, &s, &n);
	CHECK(s == 0x1c1001000 && n == 4096, "an aligned page: its 8 sectors");
	pm_ras_sectors(0x1c10001c0, 128, &s, &n);
	CHECK(s == 0x1c1000000 && n == 1024, "across a sector boundary: both sectors");
}

static void test_memory_failure_lines(const char *kernel)
{
	struct fixture fx;

	load(kernel, &fx);
	CHECK(fx.nmf >= 1 && fx.bad == 0, "%s: a memory_failure_event line, parsed", kernel);
	if (fx.nmf >= 1)
		CHECK(!strcmp(fx.mf[0].page_type, "dax page") && fx.mf[0].result == PM_MF_RECOVERED && fx.mf[0].pfn,
		      "%s: a dax page, recovered", kernel);
}

/*
 * The lab's lines in the order trace_pipe gives them, through the pairing
 * monitor does: the early-kill holders' BUS_MCEERR_AO belong to the memory
 * failures of their pages (the deferred error's kworker, hwpoison-inject's
 * sh), and the reader's BUS_MCEERR_AR fault (6.12: DAX gives -EHWPOISON)
 * to none (6.1: a plain SIGBUS BUS_ADRERR, not traced through the filter).
 */
static void test_signal_lines(const char *kernel, bool fault_ar)
{
	struct pm_sigq q = { 0 };
	struct pm_sigbus got[4], s;
	struct fixture fx;
	unsigned int nsig = 0, paired = 0, ok = 0;

	load(kernel, &fx);
	for (unsigned int i = 0; i < fx.nlines; i++) {
		const char *line = fx.lines[i], *body;
		struct pm_memory_failure f;
		int sender;
		unsigned long long ts;

		if ((body = tracefs_event_body(line, "signal_generate"))) {
			nsig++;
			CHECK(pm_sigbus_parse(body, &s) == 0 && tracefs_line_head(line, body, &s.sender, s.sender_comm,
			      sizeof(s.sender_comm), &s.ts_us) == 0 && !strcmp(s.comm, "labtool") &&
			      s.result == PM_SIG_DELIVERED && !s.group, "%s: %s", kernel, body);
			pm_sigq_add(&q, &s, 1000 + i, NULL);
			continue;
		}
		body = tracefs_event_body(line, "memory_failure_event");
		CHECK(pm_memory_failure_parse(body, &f) == 0 && tracefs_line_head(line, body, &sender, NULL, 0, &ts) == 0,
		      "%s: %s", kernel, body);
		size_t n = pm_sigq_claim(&q, sender, ts, got, 4);

		paired += (unsigned int)n;
		ok += n == 1 && !got[0].action_required && got[0].sender == sender;
		CHECK(n == 1 && !got[0].action_required, "%s: pfn %#llx: one BUS_MCEERR_AO, sent by %d", kernel,
		      (unsigned long long)f.pfn, sender);
	}
	CHECK(nsig == paired + fault_ar && ok == 2, "%s: %u signals, %u claimed by the 2 memory failures", kernel,
	      nsig, paired);
	CHECK(pm_sigq_wait_ms(&q, 1000) == (fault_ar ? (long long)(PM_SIG_PAIR_US / 1000) + (long long)(fx.nlines - 1) : -1),
	      "%s: the unclaimed one waits a second from when it was read", kernel);
	if (fault_ar)
		CHECK(pm_sigq_expire(&q, 1000 + fx.nlines - 1 + PM_SIG_PAIR_US / 1000, false, &s) &&
		      s.action_required && s.pid == s.sender && q.n == 0,
		      "%s: then expires alone: BUS_MCEERR_AR, sent by the reader itself", kernel);
}

/* Hold a signal to @pid sent by @sender at @ts_us, read at @now_ms. */
static bool hold(struct pm_sigq *q, int pid, int sender, unsigned long long ts_us, unsigned long long now_ms,
		 struct pm_sigbus *evicted)
{
	struct pm_sigbus s = { .pid = pid, .sender = sender, .ts_us = ts_us };

	return pm_sigq_add(q, &s, now_ms, evicted);
}

static void test_pairing(void)
{
	struct pm_sigq q = { 0 };
	struct pm_sigbus got[PM_SIGQ_MAX], ev;
	bool evicted = false;

	hold(&q, 10, 5, 1000, 0, NULL);
	hold(&q, 11, 6, 1100, 0, NULL);
	hold(&q, 12, 5, 1200, 0, NULL);
	CHECK(pm_sigq_claim(&q, 5, 900, got, 4) == 0, "a verdict logged before the signals claims none");
	CHECK(pm_sigq_claim(&q, 5, 1000 + PM_SIG_PAIR_US + 1, got, 4) == 1 && got[0].pid == 12,
	      "a signal more than a second before the verdict is not its");
	CHECK(pm_sigq_claim(&q, 7, 1300, got, 4) == 0, "another task's verdict claims none");
	CHECK(pm_sigq_wait_ms(&q, 400) == 600 && !pm_sigq_expire(&q, 999, false, &ev), "not due before a second");
	CHECK(pm_sigq_expire(&q, 1000, false, &ev) && ev.pid == 10 && pm_sigq_expire(&q, 0, true, &ev) &&
	      ev.pid == 11 && q.n == 0 && pm_sigq_wait_ms(&q, 0) == -1, "due after a second, in order; all at exit");
	for (int i = 0; i <= PM_SIGQ_MAX; i++)
		evicted |= hold(&q, 100 + i, 1, 0, 0, &ev);
	CHECK(evicted && ev.pid == 100 && q.n == PM_SIGQ_MAX, "a full queue hands back its oldest");
	CHECK(pm_sigq_claim(&q, 1, 0, got, 2) == 2 && got[0].pid == 101 && got[1].pid == 102 && q.n == PM_SIGQ_MAX - 2,
	      "a claim takes at most what it has room for, in order");
}

static void test_signal_formats(void)
{
	struct pm_sigbus s;

	CHECK(pm_sigbus_parse("sig=7 errno=0 code=4 comm=my prog pid=9 grp=1 res=2", &s) == 0 && s.action_required &&
	      !strcmp(s.comm, "my prog") && s.pid == 9 && s.group && s.result == PM_SIG_ALREADY_PENDING,
	      "BUS_MCEERR_AR, a comm with a blank, to the group, already pending");
	CHECK(pm_sigbus_parse("sig=7 errno=0 code=5 comm=a pid=9 grp=0 res=9", &s) == 0 &&
	      s.result == PM_SIG_RESULT_UNKNOWN, "a result this pmemctl does not know");
	CHECK(pm_sigbus_parse("sig=7 errno=0 code=2 comm=a pid=9 grp=0 res=0", &s) == -ENOENT,
	      "BUS_ADRERR: not a memory error's");
	CHECK(pm_sigbus_parse("sig=17 errno=0 code=1 comm=a pid=9 grp=0 res=0", &s) == -ENOENT, "SIGCHLD: not ours");
	CHECK(pm_sigbus_parse("sig=7 errno=0 code=5 comm=a pid=9", &s) == -EINVAL, "a cut line: refused");
}

int main(void)
{
	check_lab_records("6.1", false);
	check_lab_records("6.12", true);
	test_memory_failure_lines("6.1");
	test_memory_failure_lines("6.12");
	test_signal_lines("6.1", false);
	test_signal_lines("6.12", true);
	test_pairing();
	test_signal_formats();
	test_vendor_rules();
	test_formats();
	test_sectors();
	return unit_done();
}
