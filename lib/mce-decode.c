// SPDX-License-Identifier: GPL-2.0
#include "lib/mce-decode.h"

#define PAGE_SHIFT_X86 12

static bool is_intel(unsigned int v)
{
	return v == PM_VENDOR_INTEL || v == PM_VENDOR_ZHAOXIN;
}

static bool is_amd(unsigned int v)
{
	return v == PM_VENDOR_AMD || v == PM_VENDOR_HYGON;
}

/* Scalable MCA (AMD family 17h on) fills MCA_IPID; legacy banks leave it 0. */
static bool smca(const struct pm_mce *m)
{
	return m->ipid != 0;
}

/* AMD's ErrCodeExt, MCi_STATUS[20:16]. */
static unsigned int amd_xec(uint64_t status)
{
	return (unsigned int)(status >> 16) & 0x1f;
}

/* Legacy AMD: a northbridge DRAM ECC error is bank 4 with extended error code 8. */
static bool amd_legacy_memory_error(const struct pm_mce *m)
{
	return m->bank == 4 && amd_xec(m->status) == 8;
}

/*
 * The kernel's mce_is_memory_error(): Intel by the compound error code
 * (memory controller, cache hierarchy, generic cache; not a bus error),
 * AMD by the bank: a UMC bank (IPID hardware id 0x96, type 0) with
 * extended error code 0 under SMCA, else the legacy northbridge rule.
 */
static bool memory_error(const struct pm_mce *m)
{
	uint64_t s = m->status;

	if (is_intel(m->vendor))
		return (s & 0xef80) == 0x80 || (s & 0xef00) == 0x100 || (s & 0xeffc) == 0xc;
	if (!is_amd(m->vendor))
		return false;
	if (smca(m))
		return ((m->ipid >> 32) & 0xfff) == 0x96 && (m->ipid >> 48) == 0 && amd_xec(s) == 0;
	return amd_legacy_memory_error(m);
}

static enum pm_mce_class classify(const struct pm_mce *m)
{
	uint64_t s = m->status;

	if (is_amd(m->vendor) && (s & PM_MCI_AMD_DEFERRED))
		return PM_MCE_DEFERRED;
	if (!(s & PM_MCI_UC))
		return PM_MCE_CORRECTED;
	if (s & PM_MCI_PCC)
		return PM_MCE_FATAL;
	if (!(s & PM_MCI_S))
		return PM_MCE_UCNA;
	return (s & PM_MCI_AR) ? PM_MCE_SRAR : PM_MCE_SRAO;
}

/*
 * mce_usable_address(): Intel (6.1 and 6.12 alike) wants MISC valid, a
 * granularity of at most a page and a physical address; AMD under 6.1
 * takes any valid address, from 6.10 on only a legacy DRAM error or a
 * record with the poison bit (never a legacy bank 4 that is not DRAM).
 */
static enum pm_mce_ignored usable_address(const struct pm_mce *m, const struct pm_mce_decoded *d)
{
	if (!(m->status & PM_MCI_ADDRV))
		return PM_MCE_NO_ADDRESS;
	if (is_intel(m->vendor)) {
		if (!d->has_misc)
			return PM_MCE_NO_MISC;
		if (d->lsb > PAGE_SHIFT_X86)
			return PM_MCE_BEYOND_PAGE;
		return d->mode == PM_MCE_ADDR_PHYS ? PM_MCE_USED : PM_MCE_NOT_PHYSICAL;
	}
	if (m->vendor != PM_VENDOR_AMD || !m->vendor_rules)
		return PM_MCE_USED;
	if (!smca(m) && amd_legacy_memory_error(m))
		return PM_MCE_USED;
	if (!smca(m) && m->bank == 4)
		return PM_MCE_VENDOR_BANK;
	return (m->status & PM_MCI_AMD_POISON) ? PM_MCE_USED : PM_MCE_VENDOR_BANK;
}

void pm_mce_decode(const struct pm_mce *m, struct pm_mce_decoded *d)
{
	uint64_t s = m->status;

	*d = (struct pm_mce_decoded){
		.uncorrected = s & PM_MCI_UC, .pcc = s & PM_MCI_PCC, .signaled = s & PM_MCI_S,
		.action_required = s & PM_MCI_AR, .overflow = s & PM_MCI_OVER,
		.deferred = is_amd(m->vendor) && (s & PM_MCI_AMD_DEFERRED),
		.poison = is_amd(m->vendor) && (s & PM_MCI_AMD_POISON),
		.has_misc = s & PM_MCI_MISCV,
		.lsb = (unsigned int)(m->misc & 0x3f), .mode = (unsigned int)(m->misc >> 6) & 7,
	};
	d->granularity = 1ULL << d->lsb;
	d->beyond_page = d->lsb > PAGE_SHIFT_X86;
	d->cls = classify(m);
	d->memory_error = memory_error(m);
	/* drivers/acpi/nfit/mce.c: memory errors, not correctable, at a usable address */
	if (!d->memory_error)
		d->ignored = PM_MCE_NOT_MEMORY;
	else if (d->cls == PM_MCE_CORRECTED)
		d->ignored = PM_MCE_CORRECTABLE;
	else
		d->ignored = usable_address(m, d);
	/* the handler aligns down to 1 << LSB of MISC, read whether MISCV is set or not */
	d->range_start = m->addr & ~(d->granularity - 1);
	d->range_len = d->granularity;
}
