/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 machine-check records: what the bits of MCi_STATUS and MCi_MISC say,
 * and whether the kernel acts on the address (the NFIT handler adds a
 * badrange only for an uncorrected memory error at a "usable" address,
 * decided per CPU vendor). Pure functions over a record, unit-tested; the
 * rules are those of arch/x86/kernel/cpu/mce/core.c, intel.c and amd.c of
 * Linux 6.1 and 6.12.
 */
#ifndef PMEMCTL_LIB_MCE_DECODE_H
#define PMEMCTL_LIB_MCE_DECODE_H
#include <stdbool.h>
#include <stdint.h>

/* MCi_STATUS bits (architectural, and AMD's deferred and poison) */
#define PM_MCI_VAL		(1ULL << 63)
#define PM_MCI_OVER		(1ULL << 62)
#define PM_MCI_UC		(1ULL << 61)
#define PM_MCI_EN		(1ULL << 60)
#define PM_MCI_MISCV		(1ULL << 59)
#define PM_MCI_ADDRV		(1ULL << 58)
#define PM_MCI_PCC		(1ULL << 57)
#define PM_MCI_S		(1ULL << 56)
#define PM_MCI_AR		(1ULL << 55)
#define PM_MCI_AMD_DEFERRED	(1ULL << 44)
#define PM_MCI_AMD_POISON	(1ULL << 43)

/* The kernel's X86_VENDOR_* numbers, as the mce_record tracepoint gives them. */
enum pm_cpu_vendor {
	PM_VENDOR_INTEL = 0,
	PM_VENDOR_AMD = 2,
	PM_VENDOR_HYGON = 9,
	PM_VENDOR_ZHAOXIN = 10,
};

/* MCi_MISC bits 8:6 (meaningful when MISCV is set). */
enum pm_mce_addr_mode {
	PM_MCE_ADDR_SEGOFF = 0,
	PM_MCE_ADDR_LINEAR = 1,
	PM_MCE_ADDR_PHYS = 2,
	PM_MCE_ADDR_MEM = 3,
	PM_MCE_ADDR_GENERIC = 7,	/* 4-6 are reserved: the number is kept */
};

/* One record of the mce:mce_record tracepoint. */
struct pm_mce {
	unsigned int cpu, bank, vendor, cpuid, socket, apicid;
	uint64_t mcgcap, mcgstatus, status, ipid, addr, misc, synd, ip, tsc, walltime, ppin;
	unsigned int cs, microcode;
	/*
	 * The record came in the format of Linux 6.10 and later (PPIN and
	 * microcode fields): the kernel decides usable addresses per vendor
	 * (amd_mce_usable_address) rather than for Intel only.
	 */
	bool vendor_rules;
};

/*
 * The kind of error, the way the kernel's severity grading names them:
 * a corrected error, an AMD deferred error (uncorrected, no exception),
 * and for uncorrected errors UCNA (no action, not signalled), SRAO (action
 * optional), SRAR (action required) and fatal (processor context corrupt).
 */
enum pm_mce_class {
	PM_MCE_CORRECTED,
	PM_MCE_DEFERRED,
	PM_MCE_UCNA,
	PM_MCE_SRAO,
	PM_MCE_SRAR,
	PM_MCE_FATAL,
};

/* Why the kernel does not act on a record's address (PM_MCE_USED: it does). */
enum pm_mce_ignored {
	PM_MCE_USED,
	PM_MCE_NOT_MEMORY,		/* not a memory error by the vendor's error codes */
	PM_MCE_CORRECTABLE,		/* corrected: nothing to poison */
	PM_MCE_NO_ADDRESS,		/* ADDRV clear */
	PM_MCE_NO_MISC,			/* Intel: MISCV clear, the granularity is unknown */
	PM_MCE_BEYOND_PAGE,		/* Intel: address LSB above 12 */
	PM_MCE_NOT_PHYSICAL,		/* Intel: address mode not physical */
	PM_MCE_VENDOR_BANK,		/* AMD (6.10+): not a northbridge DRAM error nor poison */
};

struct pm_mce_decoded {
	bool uncorrected, pcc, deferred, poison, signaled, action_required, overflow;
	bool has_misc;			/* MISCV: lsb and mode mean something */
	unsigned int lsb;		/* MCi_MISC[5:0] */
	unsigned int mode;		/* enum pm_mce_addr_mode (4-6 reserved) */
	uint64_t granularity;		/* 1 << lsb */
	bool beyond_page;		/* lsb above 12: more than a page */
	enum pm_mce_class cls;
	bool memory_error;
	enum pm_mce_ignored ignored;
	/* the badrange the NFIT handler adds when the address is in pmem (ignored == USED) */
	uint64_t range_start, range_len;
};

/* Decode @m: the bits, the class, and whether (and where) the kernel acts on the address. */
void pm_mce_decode(const struct pm_mce *m, struct pm_mce_decoded *d);
#endif
