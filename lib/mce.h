/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Consumed poison on purpose: a software machine-check record through the
 * kernel's mce-inject debugfs files (arch/x86/kernel/cpu/mce/inject.c), or
 * memory_failure() on one page through hwpoison-inject's corrupt-pfn
 * (mm/hwpoison-inject.c). The plan (which value goes to which file) is pure
 * and unit-tested; pm_mce_apply() writes it.
 *
 * What the kernel does with the record: the NFIT handler
 * (drivers/acpi/nfit/mce.c) adds a badrange of 1 << MISC LSB bytes aligned
 * down to that size, for an uncorrected memory error at an address the
 * vendor code calls usable (Intel: LSB at most 12, physical address mode).
 * Decode-only (flags "sw") logs the record and nothing else: no
 * memory_failure(). Kernel-decoded writes the bank registers on the target
 * CPU and raises the vendor's own path: AMD's deferred error ("df") or
 * Intel's UCNA ("th"), found by the bank poll (its interval set to 1 s while
 * pmemctl waits; AMD's deferred-error interrupt is not always set up);
 * both run memory_failure() (action optional).
 * An action-required status is never planned: it panics the machine.
 */
#ifndef PMEMCTL_LIB_MCE_H
#define PMEMCTL_LIB_MCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/mce-decode.h"

struct ndctl_bus;

enum pm_boot_cpu { PM_CPU_UNKNOWN, PM_CPU_INTEL, PM_CPU_AMD };

/* The boot CPU's vendor, as far as injection cares (mce-decode.h has the kernel's numbering). */
/* From a /proc/cpuinfo-format file at @path. */
enum pm_boot_cpu pm_cpu_vendor(const char *path);
const char *pm_cpu_vendor_name(enum pm_boot_cpu v);

/* Why a platform counts as one to test on (lib/mce.c says how it is told). */
enum pm_platform {
	PM_PLATFORM_REAL,	/* neither of the below: refuse unless forced */
	PM_PLATFORM_NFIT_TEST,	/* the target's bus is the kernel's nfit_test emulation */
	PM_PLATFORM_QEMU,	/* DMI sys_vendor or product_name says QEMU */
};
const char *pm_platform_name(enum pm_platform p);

/* What @bus runs on; @dmi_dir is /sys/class/dmi/id (a parameter for tests). */
enum pm_platform pm_platform_of(struct ndctl_bus *bus, const char *dmi_dir);

/* Pure: the platform from the bus provider and the DMI strings (NULL when unknown). */
enum pm_platform pm_platform_classify(const char *provider, const char *sys_vendor, const char *product);

enum pm_consume_kind {
	PM_CONSUME_DECODE_ONLY,		/* mce-inject "sw": the badrange, no memory_failure() */
	PM_CONSUME_KERNEL_DECODED,	/* mce-inject "df"/"th": memory_failure() runs too */
	PM_CONSUME_MEMORY_FAILURE,	/* hwpoison-inject: memory_failure() only, no badrange */
};
const char *pm_consume_kind_name(enum pm_consume_kind k);

#define PM_MCE_LSB_MIN 6	/* 64 bytes: a cache line */
#define PM_MCE_LSB_MAX 12	/* a page: Intel ignores a larger granularity */
#define PM_MCE_MAX_WRITES 8

/* One write of the plan: @value to @file (a name under @dir, or an absolute path). */
struct pm_mce_write {
	const char *file;
	char value[32];
	bool on_target_cpu;	/* written from the target CPU (the bank registers go by IPI) */
	bool restore;		/* a setting pm_mce_apply() puts back afterwards */
};

struct pm_mce_plan {
	enum pm_consume_kind kind;
	enum pm_boot_cpu vendor;
	const char *module;	/* mce_inject or hwpoison_inject */
	const char *dir;	/* the debugfs directory the files live in */
	unsigned int lsb;	/* MISC address LSB (machine checks) */
	unsigned int cpu;
	uint64_t addr, status, misc;
	const char *flags;	/* "sw", "df", "th"; NULL for memory failure */
	struct pm_mce_write w[PM_MCE_MAX_WRITES];
	size_t nw;
	char interval_path[96];	/* kernel-decoded: the poll interval's file (w[].file points here) */
};

/* The settings a plan changes for a while, as they were. */
struct pm_mce_saved {
	char v[PM_MCE_MAX_WRITES][32];
};

/* The debugfs directories, under a debugfs mounted at @debugfs. */
#define PM_DEBUGFS "/sys/kernel/debug"
#define PM_MCE_INJECT_DIR "mce-inject"
#define PM_HWPOISON_DIR "hwpoison"
#define PM_CHECK_INTERVAL "/sys/devices/system/machinecheck/machinecheck%u/check_interval"

/* The MCi_STATUS values (see lib/mce.c): uncorrected memory errors, never action required. */
#define PM_MCE_VALID (PM_MCI_VAL | PM_MCI_EN | PM_MCI_MISCV | PM_MCI_ADDRV)
#define PM_MCE_STATUS_SW (PM_MCE_VALID | PM_MCI_UC | PM_MCI_S | 0x800c0ULL)	/* 0xbd000000000800c0 */
#define PM_MCE_STATUS_AMD_DEFERRED (PM_MCE_VALID | PM_MCI_AMD_DEFERRED | 0x800c0ULL)	/* 0x9c001000000800c0 */
#define PM_MCE_STATUS_INTEL_UCNA (PM_MCE_VALID | PM_MCI_UC | 0x9fULL)	/* 0xbc0000000000009f */
/* MCi_MISC: address mode physical (2 << 6) and the LSB. */
#define PM_MCE_MISC(lsb) ((2ULL << 6) | (lsb))

/* The LSB of a granularity of @bytes: -EINVAL unless a power of two from 64 to 4096. */
int pm_mce_lsb(uint64_t bytes, unsigned int *lsb);

/*
 * Plan @kind at physical address @addr from @cpu. -EINVAL: a granularity
 * out of range; -EOPNOTSUPP: kernel-decoded on an unknown CPU vendor.
 */
int pm_mce_plan(enum pm_consume_kind kind, enum pm_boot_cpu vendor, uint64_t addr, unsigned int lsb,
		unsigned int cpu, struct pm_mce_plan *p);

/* A write's full path into @buf. */
const char *pm_mce_path(const struct pm_mce_plan *p, const struct pm_mce_write *w, char *buf, size_t len);

/* How far pm_mce_apply() came when it failed. */
enum pm_mce_step {
	PM_MCE_STEP_NONE,
	PM_MCE_STEP_MODULE,	/* the module could not be loaded (-ENOENT: not found) */
	PM_MCE_STEP_NO_DEBUGFS,	/* the module is there, its debugfs files are not (debugfs not mounted) */
	PM_MCE_STEP_AFFINITY,	/* cannot run on the target CPU */
	PM_MCE_STEP_WRITE,	/* a write failed: *failed_write says which */
};

/*
 * Load the plan's module (libkmod), then do the writes in order, the
 * target-CPU ones pinned to it; the settings w[].restore names are kept in
 * @saved for pm_mce_restore() once the kernel has acted. 0, or -errno with
 * *@step (and *@failed_write) saying where.
 */
int pm_mce_apply(const struct pm_mce_plan *p, struct pm_mce_saved *saved, enum pm_mce_step *step,
		 size_t *failed_write);
void pm_mce_restore(const struct pm_mce_plan *p, const struct pm_mce_saved *saved);

/* The first CPU this process may run on (the target of the bank writes). */
unsigned int pm_mce_target_cpu(void);
#endif
