/* SPDX-License-Identifier: GPL-2.0 */
/* list-poison's CXL part (cmd/list-cxl.c). */
#ifndef PMEMCTL_CMD_LIST_CXL_H
#define PMEMCTL_CMD_LIST_CXL_H
#include <stdbool.h>
#include <stdio.h>

#include "lib/cxl.h"
#include "lib/poison.h"
#include "util/json.h"

struct json_object;
struct ndctl_ctx;

struct pm_cxl_view {
	struct pm_cxl_scan c;
	bool *merged;		/* c.recs[i] is among the nd scan's records */
	bool memdev_only;	/* --memdev: the nd scan holds the memdev's records only */
};

/* Scan the CXL memdevs under list-poison's filters: an exit code, the error said. */
int pm_list_cxl_scan(const char *cmd, struct ndctl_ctx *ctx, const struct pm_filter *f,
		     const char *memdev, struct pm_cxl_view *v);
/*
 * Put the records in nd regions into @s (pm_cxl_merge); with @memdev, keep
 * only those in @s (no NVDIMM records): an exit code.
 */
int pm_list_cxl_merge(const char *cmd, struct pm_cxl_view *v, struct pm_scan *s, const char *memdev);
/* Record @i of @s as JSON: a CXL record for those the merge put there. */
struct json_object *pm_list_cxl_json(const struct pm_cxl_view *v, const struct pm_scan *s, size_t i);
/* The memdev rows (@summary), or the records not merged (with --files: files null). */
void pm_list_cxl_append(struct json_array_out *out, const struct pm_cxl_view *v, bool summary, bool files);
/* One note per thing the user must know: a kernel without the interface, not root, cut lists. */
void pm_list_cxl_notes(const char *cmd, const struct pm_cxl_view *v);
/* Per-memdev series with serial labels (cmd/prometheus-cxl.c). */
void pm_print_cxl_prometheus(FILE *f, const struct pm_cxl_scan *c);
void pm_list_cxl_free(struct pm_cxl_view *v);
#endif
