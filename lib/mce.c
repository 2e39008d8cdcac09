// SPDX-License-Identifier: GPL-2.0
/*
 * The machine-check and memory-failure plans and their writes (lib/mce.h).
 *
 * The MCi_STATUS values, bit by bit (Intel SDM vol. 3B 16.3.2.2, AMD APM
 * vol. 2 9.3.2.2): 63 VAL, 61 UC, 60 EN, 59 MISCV, 58 ADDRV, 56 S, 55 AR,
 * AMD 44 Deferred; the low 16 bits are the compound error code, 0x00c0 and
 * 0x009f both memory-controller errors, and bits 16-21 (AMD's extended
 * error code) 8 as the kernel's AMD decoding of DRAM ECC expects.
 *   decode-only 0xbd000000000800c0: uncorrected, S set and AR clear (SRAO
 *     on Intel), which both vendors' mce_is_memory_error() accept;
 *   AMD deferred 0x9c001000000800c0: VAL EN MISCV ADDRV Deferred, not UC;
 *   Intel UCNA 0xbc0000000000009f: UC without S or AR, found by the poll.
 * None has AR: an action-required record panics when nothing consumes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>

#include "lib/mce.h"
#include "util/kmod.h"
#include "util/sysfs.h"

enum pm_boot_cpu pm_cpu_vendor(const char *path)
{
	enum pm_boot_cpu v = PM_CPU_UNKNOWN;
	char line[256];
	FILE *f = fopen(path, "re");

	while (f && v == PM_CPU_UNKNOWN && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "vendor_id", 9))
			continue;
		if (strstr(line, "GenuineIntel"))
			v = PM_CPU_INTEL;
		else if (strstr(line, "AuthenticAMD") || strstr(line, "HygonGenuine"))
			v = PM_CPU_AMD;
		else
			break;
	}
	if (f)
		fclose(f);
	return v;
}

const char *pm_cpu_vendor_name(enum pm_boot_cpu v)
{
	return v == PM_CPU_INTEL ? "intel" : v == PM_CPU_AMD ? "amd" : "unknown";
}

const char *pm_platform_name(enum pm_platform p)
{
	return p == PM_PLATFORM_NFIT_TEST ? "nfit_test" : p == PM_PLATFORM_QEMU ? "qemu" : "real";
}

enum pm_platform pm_platform_classify(const char *provider, const char *sys_vendor, const char *product)
{
	if (provider && !strncmp(provider, "nfit_test", 9))
		return PM_PLATFORM_NFIT_TEST;
	if ((sys_vendor && !strcmp(sys_vendor, "QEMU")) || (product && !strncmp(product, "QEMU", 4)))
		return PM_PLATFORM_QEMU;
	return PM_PLATFORM_REAL;
}

enum pm_platform pm_platform_of(struct ndctl_bus *bus, const char *dmi_dir)
{
	char path[256], vendor[64], product[64];
	bool has_vendor, has_product;

	snprintf(path, sizeof(path), "%s/sys_vendor", dmi_dir);
	has_vendor = sysfs_read(path, vendor, sizeof(vendor)) == 0;
	snprintf(path, sizeof(path), "%s/product_name", dmi_dir);
	has_product = sysfs_read(path, product, sizeof(product)) == 0;
	return pm_platform_classify(bus ? ndctl_bus_get_provider(bus) : NULL, has_vendor ? vendor : NULL,
				    has_product ? product : NULL);
}

const char *pm_consume_kind_name(enum pm_consume_kind k)
{
	switch (k) {
	case PM_CONSUME_DECODE_ONLY: return "decode-only";
	case PM_CONSUME_KERNEL_DECODED: return "kernel-decoded";
	case PM_CONSUME_MEMORY_FAILURE: return "memory-failure";
	}
	return "?";
}

int pm_mce_lsb(uint64_t bytes, unsigned int *lsb)
{
	for (unsigned int b = PM_MCE_LSB_MIN; b <= PM_MCE_LSB_MAX; b++)
		if (bytes == 1ULL << b) {
			*lsb = b;
			return 0;
		}
	return -EINVAL;
}

/* A write of @v, in hex when @hex (0x: never read as octal) */
static void add(struct pm_mce_plan *p, const char *file, bool on_cpu, bool restore, bool hex,
		unsigned long long v)
{
	struct pm_mce_write *w = &p->w[p->nw++];

	w->file = file;
	w->on_target_cpu = on_cpu;
	w->restore = restore;
	snprintf(w->value, sizeof(w->value), hex ? "0x%llx" : "%llu", v);
}

int pm_mce_plan(enum pm_consume_kind kind, enum pm_boot_cpu vendor, uint64_t addr, unsigned int lsb,
		unsigned int cpu, struct pm_mce_plan *p)
{
	*p = (struct pm_mce_plan){ .kind = kind, .vendor = vendor, .addr = addr, .lsb = lsb, .cpu = cpu };
	if (kind == PM_CONSUME_MEMORY_FAILURE) {
		p->module = "hwpoison_inject";
		p->dir = PM_DEBUGFS "/" PM_HWPOISON_DIR;
		add(p, "corrupt-pfn", false, false, true, addr / (uint64_t)sysconf(_SC_PAGESIZE));
		return 0;
	}
	if (lsb < PM_MCE_LSB_MIN || lsb > PM_MCE_LSB_MAX)
		return -EINVAL;
	if (kind == PM_CONSUME_KERNEL_DECODED && vendor == PM_CPU_UNKNOWN)
		return -EOPNOTSUPP;
	p->module = "mce_inject";
	p->dir = PM_DEBUGFS "/" PM_MCE_INJECT_DIR;
	p->misc = PM_MCE_MISC(lsb);
	p->flags = kind == PM_CONSUME_DECODE_ONLY ? "sw" : vendor == PM_CPU_AMD ? "df" : "th";
	p->status = kind == PM_CONSUME_DECODE_ONLY ? PM_MCE_STATUS_SW :
		    vendor == PM_CPU_AMD ? PM_MCE_STATUS_AMD_DEFERRED : PM_MCE_STATUS_INTEL_UCNA;
	p->w[p->nw].file = "flags";
	snprintf(p->w[p->nw++].value, sizeof(p->w[0].value), "%s", p->flags);
	add(p, "cpu", false, false, false, cpu);
	add(p, "status", false, false, true, p->status);
	add(p, "misc", false, false, true, p->misc);
	add(p, "addr", false, false, true, addr);
	/*
	 * Both kernel-decoded records are found by the bank poll (Intel's UCNA
	 * always; AMD's deferred error too where the deferred-error interrupt
	 * is not set up, as under QEMU): every second while the kernel acts.
	 */
	if (kind == PM_CONSUME_KERNEL_DECODED) {
		snprintf(p->interval_path, sizeof(p->interval_path), PM_CHECK_INTERVAL, cpu);
		add(p, p->interval_path, false, true, false, 1);
	}
	/* writing the bank injects; 4 exists on both vendors' models (AMD: the NB/DRAM bank) */
	add(p, "bank", kind == PM_CONSUME_KERNEL_DECODED, false, false, 4);
	return 0;
}

const char *pm_mce_path(const struct pm_mce_plan *p, const struct pm_mce_write *w, char *buf, size_t len)
{
	if (w->file[0] == '/')
		snprintf(buf, len, "%s", w->file);
	else
		snprintf(buf, len, "%s/%s", p->dir, w->file);
	return buf;
}

unsigned int pm_mce_target_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (unsigned int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &set))
				return c;
	return 0;
}

static int write_file(const char *path, const char *value)
{
	char line[40];
	int len = snprintf(line, sizeof(line), "%s\n", value), fd = open(path, O_WRONLY | O_CLOEXEC), rc;
	ssize_t n;

	if (fd < 0)
		return -errno;
	/* with its newline: mce-inject's flags file drops the last byte written */
	n = write(fd, line, (size_t)len);
	rc = n < 0 ? -errno : n == len ? 0 : -EIO;
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

/* Run the rest of this thread on @cpu, keeping the old mask in @old. */
static int pin(unsigned int cpu, cpu_set_t *old)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_getaffinity(0, sizeof(*old), old) || sched_setaffinity(0, sizeof(one), &one))
		return -errno;
	sched_yield();	/* move now, before the write */
	return 0;
}

static int do_writes(const struct pm_mce_plan *p, struct pm_mce_saved *saved, enum pm_mce_step *step,
		     size_t *failed)
{
	char path[256];
	cpu_set_t old;
	int rc;

	for (size_t i = 0; i < p->nw; i++) {
		const struct pm_mce_write *w = &p->w[i];
		bool pinned = false;

		pm_mce_path(p, w, path, sizeof(path));
		if (w->restore && sysfs_read(path, saved->v[i], sizeof(saved->v[i])))
			saved->v[i][0] = '\0';
		if (w->on_target_cpu) {
			if ((rc = pin(p->cpu, &old))) {
				*step = PM_MCE_STEP_AFFINITY;
				return rc;
			}
			pinned = true;
		}
		rc = write_file(path, w->value);
		if (pinned)
			sched_setaffinity(0, sizeof(old), &old);
		if (rc) {
			*step = PM_MCE_STEP_WRITE;
			*failed = i;
			return rc;
		}
	}
	return 0;
}

int pm_mce_apply(const struct pm_mce_plan *p, struct pm_mce_saved *saved, enum pm_mce_step *step,
		 size_t *failed)
{
	int rc = kmod_load(p->module);

	memset(saved, 0, sizeof(*saved));
	*step = PM_MCE_STEP_NONE;
	*failed = 0;
	if (rc) {
		*step = PM_MCE_STEP_MODULE;
		return rc;
	}
	if (access(p->dir, F_OK)) {
		*step = PM_MCE_STEP_NO_DEBUGFS;
		return -ENOENT;
	}
	return do_writes(p, saved, step, failed);
}

void pm_mce_restore(const struct pm_mce_plan *p, const struct pm_mce_saved *saved)
{
	char path[256];

	for (size_t i = 0; i < p->nw; i++)
		if (p->w[i].restore && saved->v[i][0])
			write_file(pm_mce_path(p, &p->w[i], path, sizeof(path)), saved->v[i]);
}
