// SPDX-License-Identifier: GPL-2.0
/* monitor's uevent parser, on datagrams shaped as the kernel sends them. */
#include <string.h>

#include "lib/uevent.h"
#include "test/unit/unit.h"

/* Parse a datagram written with '|' for its NUL separators. */
static struct pm_uevent parse(const char *text)
{
	static char buf[1024];
	size_t n = strlen(text);

	memcpy(buf, text, n + 1);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '|')
			buf[i] = '\0';
	return pm_uevent_parse(buf, n);
}

static int is(struct pm_uevent ev, enum pm_uevent_kind kind, const char *device)
{
	return ev.kind == kind && (!device || (ev.device && !strcmp(ev.device, device)));
}

int main(void)
{
	CHECK(is(parse("add@/devices/platform/nfit_test.0/ndbus1/region2/namespace2.0|ACTION=add|"
		       "DEVPATH=/devices/platform/nfit_test.0/ndbus1/region2/namespace2.0|SUBSYSTEM=nd|SEQNUM=9"),
		 PM_UEVENT_DEVICE_ADDED, "namespace2.0"), "nd add: device-added, named from DEVPATH");
	CHECK(is(parse("remove@/devices/x/block/pmem2|ACTION=remove|DEVPATH=/devices/x/block/pmem2|"
		       "SUBSYSTEM=block|DEVNAME=pmem2|DEVTYPE=disk"), PM_UEVENT_DEVICE_REMOVED, "pmem2"),
	      "pmem block remove: device-removed, named from DEVNAME");
	CHECK(is(parse("add@/devices/x/block/sda|ACTION=add|DEVPATH=/devices/x/block/sda|SUBSYSTEM=block|"
		       "DEVNAME=sda"), PM_UEVENT_NONE, NULL), "another block device: none");
	CHECK(is(parse("unbind@/devices/x/ndbus1/region1|ACTION=unbind|DEVPATH=/devices/x/ndbus1/region1|"
		       "SUBSYSTEM=nd|DRIVER=nd_region"), PM_UEVENT_REGION_DISABLED, "region1"),
	      "region unbind: region-disabled");
	CHECK(is(parse("bind@/devices/x/ndbus1/region1|ACTION=bind|DEVPATH=/devices/x/ndbus1/region1|"
		       "SUBSYSTEM=nd|DRIVER=nd_region"), PM_UEVENT_REGION_ENABLED, "region1"),
	      "region bind: region-enabled");
	CHECK(is(parse("unbind@/x/namespace1.0|ACTION=unbind|DEVPATH=/x/namespace1.0|SUBSYSTEM=nd"),
		 PM_UEVENT_NONE, NULL), "namespace unbind: none (its block device's remove says it)");
	CHECK(is(parse("ACTION=add|SUBSYSTEM=nd|DEVPATH=nodevice"), PM_UEVENT_DEVICE_ADDED, "nodevice"),
	      "a DEVPATH without a slash is its own name");
	CHECK(is(parse("ACTION=add|SUBSYSTEM=nd|DEVPATH=/x/"), PM_UEVENT_NONE, NULL),
	      "a DEVPATH ending in a slash names nothing: none");
	CHECK(is(parse("ACTION=add|SUBSYSTEM=nd"), PM_UEVENT_NONE, NULL), "no DEVPATH: none");
	CHECK(is(parse(""), PM_UEVENT_NONE, NULL), "empty: none");
	CHECK(is(parse("ACTION=change|SUBSYSTEM=nd|DEVPATH=/x/region1"), PM_UEVENT_NONE, NULL),
	      "change: none");
	CHECK(pm_uevent_event_name(PM_UEVENT_NONE) == NULL &&
	      !strcmp(pm_uevent_event_name(PM_UEVENT_REGION_DISABLED), "region-disabled"), "event names");
	return unit_done();
}
