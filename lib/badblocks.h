/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A badblocks attribute as the kernel prints it: "SECTOR COUNT\n" lines into
 * one page (block/badblocks.c:badblocks_show). A list longer than the page
 * is cut mid-line and nothing in the text says so. libndctl's iterator reads
 * such a half line as a range that does not exist; this reader drops it and
 * says the list was cut.
 */
#ifndef PMEMCTL_LIB_BADBLOCKS_H
#define PMEMCTL_LIB_BADBLOCKS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pm_bb_entry {
	uint64_t sector;	/* 512-byte sectors, as printed */
	uint64_t count;
};

struct pm_bb_list {
	struct pm_bb_entry *e;
	size_t n;
	bool cut;	/* the text filled the kernel's page, or the list is full: entries are missing */
	bool malformed;	/* a line that is not "SECTOR COUNT" was skipped */
};

/*
 * The kernel keeps at most this many ranges in a list (block/badblocks.c,
 * MAX_BADBLOCKS: one page of u64s) and drops the ranges it cannot add, so a
 * full list may be missing some even when its text fits the page.
 */
#define PM_BB_MAX_ENTRIES 512

/*
 * Parse @len bytes of badblocks text printed into a page of @page_size
 * bytes. Only whole lines (ending in '\n') are entries; the list counts as
 * cut when the text fills the page (sysfs returns at most page_size - 1
 * bytes), its last line has no newline, or it holds PM_BB_MAX_ENTRIES. 0, or -ENOMEM.
 */
int pm_bb_parse(const char *text, size_t len, size_t page_size, struct pm_bb_list *out);

/*
 * Read and parse the attribute at @path. -errno when it cannot be read:
 * -ENOENT (no such attribute: an older kernel), -ENXIO (a disabled region),
 * -EACCES, -ENOMEM.
 */
int pm_bb_read(const char *path, struct pm_bb_list *out);

void pm_bb_free(struct pm_bb_list *l);
#endif
