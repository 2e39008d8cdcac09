// SPDX-License-Identifier: GPL-2.0
/*
 * inject --machine-check/--memory-failure's pure parts: the granularity,
 * the plans (which value goes to which file, per mode and vendor; never an
 * action-required status), the test-platform rule, the CPU vendor, and the
 * kernel-log lines memory_failure() and XFS print (6.1 and 6.12 wording).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/mce.h"
#include "lib/memfail.h"
#include "test/unit/unit.h"


/* "file=value ..." of a plan, file names without their directory */
static const char *writes(const struct pm_mce_plan *p)
{
	static char buf[512];
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->nw; i++) {
		const char *f = strrchr(p->w[i].file, '/');

		at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s=%s%s", i ? " " : "", f ? f + 1 : p->w[i].file,
				       p->w[i].value, p->w[i].on_target_cpu ? "@cpu" : p->w[i].restore ? "(restored)" : "");
	}
	return buf;
}

static void granularity(void)
{
	unsigned int lsb = 0;

	CHECK(pm_mce_lsb(64, &lsb) == 0 && lsb == 6, "64 bytes is LSB 6");
	CHECK(pm_mce_lsb(4096, &lsb) == 0 && lsb == 12, "4096 bytes is LSB 12");
	CHECK(pm_mce_lsb(8192, &lsb) != 0, "8192 (LSB 13, ignored by Intel) is refused");
	CHECK(pm_mce_lsb(32, &lsb) != 0 && pm_mce_lsb(100, &lsb) != 0 && pm_mce_lsb(0, &lsb) != 0,
	      "32, 100 and 0 are refused");
}

static void plans(void)
{
	struct pm_mce_plan p;
	char path[256];

	CHECK(pm_mce_plan(PM_CONSUME_DECODE_ONLY, PM_CPU_INTEL, 0x1c8000240ULL, 6, 1, &p) == 0 &&
	      !strcmp(writes(&p), "flags=sw cpu=1 status=0xbd000000000800c0 misc=0x86 addr=0x1c8000240 bank=4"),
	      "decode-only: sw, the status, physical mode and LSB 6, the address, bank last: %s", writes(&p));
	CHECK(!strcmp(pm_mce_path(&p, &p.w[5], path, sizeof(path)), "/sys/kernel/debug/mce-inject/bank"),
	      "the files are mce-inject's debugfs files: %s", path);
	CHECK(pm_mce_plan(PM_CONSUME_KERNEL_DECODED, PM_CPU_AMD, 0x1000, 12, 0, &p) == 0 &&
	      !strcmp(writes(&p), "flags=df cpu=0 status=0x9c001000000800c0 misc=0x8c addr=0x1000 "
				  "check_interval=1(restored) bank=4@cpu"),
	      "kernel-decoded on AMD: df, a deferred error, the poll every second, bank written from the "
	      "target CPU: %s", writes(&p));
	CHECK(pm_mce_plan(PM_CONSUME_KERNEL_DECODED, PM_CPU_INTEL, 0x1000, 9, 3, &p) == 0 &&
	      !strcmp(writes(&p), "flags=th cpu=3 status=0xbc0000000000009f misc=0x89 addr=0x1000 "
				  "check_interval=1(restored) bank=4@cpu"),
	      "kernel-decoded on Intel: th, UCNA, the poll every second while it waits: %s", writes(&p));
	CHECK(!strcmp(pm_mce_path(&p, &p.w[5], path, sizeof(path)),
		      "/sys/devices/system/machinecheck/machinecheck3/check_interval"),
	      "the poll interval of the target CPU: %s", path);
	CHECK(pm_mce_plan(PM_CONSUME_KERNEL_DECODED, PM_CPU_UNKNOWN, 0x1000, 12, 0, &p) != 0,
	      "kernel-decoded on an unknown vendor: refused");
	CHECK(pm_mce_plan(PM_CONSUME_DECODE_ONLY, PM_CPU_AMD, 0x1000, 13, 0, &p) != 0, "LSB 13: refused");
	CHECK(pm_mce_plan(PM_CONSUME_MEMORY_FAILURE, PM_CPU_UNKNOWN, 0x1c8203000ULL, 0, 0, &p) == 0 &&
	      !strcmp(writes(&p), "corrupt-pfn=0x1c8203") && !strcmp(p.module, "hwpoison_inject"),
	      "memory failure: the pfn, in hex, to hwpoison-inject: %s", writes(&p));
	for (int k = PM_CONSUME_DECODE_ONLY; k <= PM_CONSUME_KERNEL_DECODED; k++)
		for (int v = PM_CPU_INTEL; v <= PM_CPU_AMD; v++) {
			pm_mce_plan(k, v, 0x1000, 12, 0, &p);
			CHECK(!(p.status & (PM_MCI_AR | PM_MCI_PCC)),
			      "%s on %s: never action required or processor context corrupt",
			      pm_consume_kind_name(k), pm_cpu_vendor_name(v));
		}
}

/* lib/mce-decode.c (monitor's decoder, the kernel's rules) agrees: the kernel acts on every plan */
static void decoded(void)
{
	static const unsigned int x86[] = { [PM_CPU_INTEL] = PM_VENDOR_INTEL, [PM_CPU_AMD] = PM_VENDOR_AMD };

	for (int k = PM_CONSUME_DECODE_ONLY; k <= PM_CONSUME_KERNEL_DECODED; k++)
		for (int v = PM_CPU_INTEL; v <= PM_CPU_AMD; v++)
			for (unsigned int lsb = PM_MCE_LSB_MIN; lsb <= PM_MCE_LSB_MAX; lsb += 3) {
				struct pm_mce_plan p;
				struct pm_mce_decoded d;
				struct pm_mce m = { 0 };
				uint64_t addr = 0x1c8000240ULL, size = 1ULL << lsb;

				pm_mce_plan(k, v, addr, lsb, 0, &p);
				m = (struct pm_mce){ .vendor = x86[v], .bank = 4, .status = p.status, .misc = p.misc,
						     .addr = addr, .vendor_rules = true };
				pm_mce_decode(&m, &d);
				CHECK(d.ignored == PM_MCE_USED && d.memory_error && !d.action_required &&
				      d.range_start == (addr & ~(size - 1)) && d.range_len == size,
				      "%s on %s, LSB %u: a memory error the kernel acts on, badrange %#llx+%llu",
				      pm_consume_kind_name(k), pm_cpu_vendor_name(v), lsb,
				      (unsigned long long)d.range_start, (unsigned long long)d.range_len);
			}
}

static void platforms(void)
{
	CHECK(pm_platform_classify("nfit_test.0", NULL, NULL) == PM_PLATFORM_NFIT_TEST, "nfit_test.0's bus");
	CHECK(pm_platform_classify("ACPI.NFIT", "QEMU", "Standard PC (i440FX + PIIX, 1996)") == PM_PLATFORM_QEMU,
	      "ACPI.NFIT under DMI sys_vendor QEMU");
	CHECK(pm_platform_classify("ACPI.NFIT", "Dell Inc.", "PowerEdge R750") == PM_PLATFORM_REAL, "a Dell");
	CHECK(pm_platform_classify("ACPI.NFIT", NULL, NULL) == PM_PLATFORM_REAL, "no DMI: not a test platform");
	CHECK(pm_platform_classify("ACPI.NFIT", "qemu-ish", "QEMUlator") == PM_PLATFORM_QEMU,
	      "product_name starting with QEMU");
}

static enum pm_boot_cpu vendor_of(const char *text)
{
	char path[] = "/tmp/pmemctl-test-cpuinfo-XXXXXX";
	int fd = mkstemp(path);
	enum pm_boot_cpu v;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	v = pm_cpu_vendor(path);
	unlink(path);
	return v;
}

static void vendors(void)
{
	CHECK(vendor_of("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n") == PM_CPU_INTEL, "Intel");
	CHECK(vendor_of("processor\t: 0\nvendor_id\t: AuthenticAMD\n") == PM_CPU_AMD, "AMD");
	CHECK(vendor_of("processor\t: 0\nvendor_id\t: HygonGenuine\n") == PM_CPU_AMD, "Hygon decodes as AMD");
	CHECK(vendor_of("processor\t: 0\nvendor_id\t: CentaurHauls\n") == PM_CPU_UNKNOWN, "Centaur: unknown");
	CHECK(pm_cpu_vendor("/nonexistent/cpuinfo") == PM_CPU_UNKNOWN, "no cpuinfo: unknown");
}

static void kernel_log(void)
{
	struct pm_memfail m = { .pfn = 0x1c8201, .fsdev = "pmem0" };

	CHECK(!pm_memfail_feed(&m, "Memory failure: 0x1c8202: recovery action for dax page: Recovered"),
	      "another pfn is not ours");
	CHECK(pm_memfail_feed(&m, "Memory failure: 0x1c8201: Sending SIGBUS to labtool:646 due to hardware memory corruption"),
	      "a SIGBUS line");
	CHECK(pm_memfail_feed(&m, "Memory failure: 0x1c8201: forcibly killing my prog:7 because of failure to unmap corrupted page"),
	      "a forced kill");
	CHECK(pm_memfail_feed(&m, "Memory failure: 0x1c8201: recovery action for dax page: Recovered"), "the result");
	CHECK(m.result == PM_MF_RECOVERED && !strcmp(m.page_type, "dax page"), "recovered, dax page: %s %s",
	      pm_mf_result_name(m.result), m.page_type);
	CHECK(m.nsig == 2 && m.sig[0].pid == 646 && !strcmp(m.sig[0].comm, "labtool") && !m.sig[0].killed &&
	      m.sig[1].pid == 7 && !strcmp(m.sig[1].comm, "my prog") && m.sig[1].killed,
	      "the processes: labtool:646 SIGBUS, 'my prog':7 killed");
	CHECK(!m.fs_shutdown && !pm_memfail_feed(&m, "XFS (pmem1): Corruption of on-disk metadata detected.  Shutting down filesystem"),
	      "another device's shutdown is not ours");
	CHECK(pm_memfail_feed(&m, "XFS (pmem0): Corruption of on-disk metadata detected.  Shutting down filesystem") &&
	      m.fs_shutdown, "our device's XFS shut down");
	m = (struct pm_memfail){ .pfn = 0x10 };
	pm_memfail_feed(&m, "Memory failure: 0x10: recovery action for reserved kernel page: Ignored");
	CHECK(m.result == PM_MF_IGNORED, "Ignored");
	m = (struct pm_memfail){ .pfn = 0x1c1229 };
	CHECK(!pm_memfail_feed_event(&m, "pfn 0x1c1228: recovery action for dax page: Failed") && m.result == PM_MF_NONE,
	      "the tracepoint: another pfn is not ours");
	CHECK(pm_memfail_feed_event(&m, "pfn 0x1c1229: recovery action for dax page: Recovered") &&
	      m.result == PM_MF_RECOVERED && !strcmp(m.page_type, "dax page") && m.from_trace,
	      "the tracepoint: recovered, dax page");
	m = (struct pm_memfail){ .pfn = 0x10 };
	pm_memfail_feed(&m, "Memory failure: 0x10: already hardware poisoned");
	CHECK(m.result == PM_MF_ALREADY, "already poisoned");
}

int main(void)
{
	granularity();
	plans();
	decoded();
	platforms();
	vendors();
	kernel_log();
	return unit_done();
}
