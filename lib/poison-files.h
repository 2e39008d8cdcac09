/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Owners (lib/owners) of each poison record on a mounted filesystem, as the
 * record fields mount, files_method and files. No printing: a device whose
 * map fails is passed to @failed and keeps files null.
 */
#ifndef PMEMCTL_LIB_POISON_FILES_H
#define PMEMCTL_LIB_POISON_FILES_H
#include "lib/owners.h"
#include "lib/poison.h"

struct json_object;

typedef void (*pm_files_failed_fn)(const char *device, const char *err);

/* @arr holds the JSON of @s's records, arr[i] for recs[i]. 0, or -1 if a map failed. */
int pm_attach_files(struct json_object *arr, const struct pm_scan *s, enum pm_owner_method method,
		    pm_files_failed_fn failed);
#endif
