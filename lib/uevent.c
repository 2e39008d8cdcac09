// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <string.h>

#include "lib/uevent.h"

/* The value of "KEY=" in field @f, or NULL. */
static const char *value_of(const char *f, const char *key)
{
	size_t k = strlen(key);

	return strncmp(f, key, k) ? NULL : f + k;
}

/* The last path component of @devpath, or NULL when there is none. */
static const char *basename_of(const char *devpath)
{
	const char *slash = strrchr(devpath, '/');
	const char *name = slash ? slash + 1 : devpath;

	return *name ? name : NULL;
}

static bool is_region(const char *subsystem, const char *device)
{
	return !strcmp(subsystem, "nd") && !strncmp(device, "region", 6);
}

static enum pm_uevent_kind kind_of(const char *action, const char *subsystem, const char *device)
{
	bool nvdimm = !strcmp(subsystem, "nd") || !strcmp(subsystem, "dax") ||
		      (!strcmp(subsystem, "block") && !strncmp(device, "pmem", 4));

	if (!strcmp(action, "add") && nvdimm)
		return PM_UEVENT_DEVICE_ADDED;
	if (!strcmp(action, "remove") && nvdimm)
		return PM_UEVENT_DEVICE_REMOVED;
	if (!strcmp(action, "bind") && is_region(subsystem, device))
		return PM_UEVENT_REGION_ENABLED;
	if (!strcmp(action, "unbind") && is_region(subsystem, device))
		return PM_UEVENT_REGION_DISABLED;
	return PM_UEVENT_NONE;
}

struct pm_uevent pm_uevent_parse(const char *buf, size_t n)
{
	const char *action = NULL, *subsystem = NULL, *devname = NULL, *devpath = NULL;
	struct pm_uevent ev = { PM_UEVENT_NONE, NULL, NULL };

	/* fields are NUL-separated; buf[n] ends the last one */
	for (const char *f = buf; f < buf + n; f += strlen(f) + 1) {
		const char *v;

		if ((v = value_of(f, "ACTION=")))
			action = v;
		else if ((v = value_of(f, "SUBSYSTEM=")))
			subsystem = v;
		else if ((v = value_of(f, "DEVNAME=")))
			devname = v;
		else if ((v = value_of(f, "DEVPATH=")))
			devpath = v;
	}
	if (!action || !subsystem || !devpath)
		return ev;
	/* DEVNAME is relative to /dev ("pmem0", "dax0.0"); DEVPATH names every device */
	ev.device = devname && *devname ? devname : basename_of(devpath);
	if (!ev.device)
		return ev;
	ev.kind = kind_of(action, subsystem, ev.device);
	ev.subsystem = subsystem;
	return ev;
}

const char *pm_uevent_event_name(enum pm_uevent_kind kind)
{
	static const char *const names[] = {
		[PM_UEVENT_DEVICE_ADDED] = "device-added",
		[PM_UEVENT_DEVICE_REMOVED] = "device-removed",
		[PM_UEVENT_REGION_ENABLED] = "region-enabled",
		[PM_UEVENT_REGION_DISABLED] = "region-disabled",
	};

	return kind > PM_UEVENT_NONE && kind <= PM_UEVENT_REGION_DISABLED ? names[kind] : NULL;
}
