/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a monitor needs to follow CXL poison: which trace events say that a
 * memdev's poison list may have changed (poison injected or cleared, a
 * media error the device reported), and a key per record that names its
 * place (memdev, DPA range) for telling what changed between two listings.
 */
#ifndef PMEMCTL_LIB_CXL_WATCH_H
#define PMEMCTL_LIB_CXL_WATCH_H
#include <stddef.h>

#include "lib/cxl.h"

/* The tracepoints to watch, NULL-terminated, and their filters (parallel; NULL: none). */
extern const char *const pm_cxl_watch_events[];
extern const char *const pm_cxl_watch_filters[];

/*
 * A trace line: 1 when it is an event after which @memdev's (into @buf)
 * poison list may differ (cxl_poison Inject or Clear, cxl_general_media,
 * cxl_dram); 0 for any other line (the List events of a listing included).
 */
int pm_cxl_watch_line(const char *line, char *buf, size_t len);

/* The key of record @r of @s: "memdev|dpa|length" (hex, fixed width: sorts by DPA). */
void pm_cxl_rec_key(const struct pm_cxl_scan *s, const struct pm_cxl_rec *r, char *key, size_t len);
#endif
