// SPDX-License-Identifier: GPL-2.0
/* cmd/words.c: lib/'s typed results in the words users and scripts already know. */
#include <errno.h>
#include <string.h>

#include "cmd/words.h"
#include "test/unit/unit.h"

static const char *busy(enum pm_busy_kind kind, const char *dev, const char *who)
{
	static char buf[512];
	struct pm_busy b = { .kind = kind };

	strcpy(b.device, dev);
	strcpy(b.who, who);
	return pm_busy_words(&b, buf, sizeof(buf));
}

int main(void)
{
	struct pm_scan s = { .fail = PM_SCAN_NO_NAMESPACE, .notes = PM_NOTE_REGION_DISABLED,
			     .disabled = "region1" };
	struct pm_filter f = { .namespace = "namespace1.0", .bus = "ndbus9" };
	struct pm_target_spec spec = { .has_spa = true, .spa = 0x100000000ULL, .namespace = "pmem7" };
	struct pm_target_error e = { .why = PM_TARGET_SPA_DISABLED, .region = "region2" };
	struct pm_target t = { 0 };
	char buf[512];

	CHECK(!strcmp(busy(PM_BUSY_MOUNTED, "pmem0", "/mnt/x"), "/dev/pmem0 is mounted on /mnt/x"), "mounted");
	CHECK(!strcmp(busy(PM_BUSY_HELD, "pmem0", "dm-0"), "/dev/pmem0 is held by dm-0"), "held");
	CHECK(!strcmp(busy(PM_BUSY_OPEN_EXCL, "pmem0", ""), "/dev/pmem0 is open exclusively by another program"),
	      "open exclusively");
	CHECK(!strcmp(busy(PM_BUSY_SYSTEM_RAM, "dax0.0", "kmem"), "dax0.0 is online as system-ram (kmem)"),
	      "system-ram");
	CHECK(!strcmp(busy(PM_BUSY_MAPPED, "dax0.0", "42"), "dax0.0 is mapped by process 42"), "mapped");
	CHECK(!strcmp(pm_scan_words(&f, &s, buf, sizeof(buf)),
		      "no namespace matches --namespace 'namespace1.0' (disabled regions have no namespaces: "
		      "region1; 'ndctl enable-region' brings them back)"), "a namespace of a disabled region");
	s.fail = PM_SCAN_NO_BUS;
	CHECK(!strcmp(pm_scan_words(&f, &s, buf, sizeof(buf)), "no bus matches --bus 'ndbus9'"), "no bus");
	s.fail = PM_SCAN_ERRNO;
	s.fail_errno = ENOMEM;
	CHECK(!strcmp(pm_scan_words(&f, &s, buf, sizeof(buf)), "reading poison: Cannot allocate memory"),
	      "a read failure names its errno");
	CHECK(!strcmp(pm_target_words(&spec, &t, &e, buf, sizeof(buf)),
		      "address 0x100000000 is in region2, which is disabled ('ndctl enable-region region2' "
		      "enables it)"), "an address in a disabled region");
	e = (struct pm_target_error){ .why = PM_TARGET_NO_DEVICE };
	CHECK(!strcmp(pm_target_words(&spec, &t, &e, buf, sizeof(buf)), "no namespace or device named 'pmem7'"),
	      "no such device");
	return unit_done();
}
