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
	struct pm_busy b;
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
	struct pm_unit u = { .namespace = "namespace2.1", .mode = PM_MODE_FSDAX, .disabled = true,
			     .ranges = 2, .has_ns_start = true, .ns_start = 32 << 20 };
	char big[1024];

	CHECK(pm_disabled_poison_words(&u, big, sizeof(big)) &&
	      strstr(big, "namespace2.1 is disabled (configured fsdax) and the region lists 2 poisoned ranges") &&
	      strstr(big, "'ndctl enable-namespace namespace2.1' fails with \"Bad address\"") &&
	      strstr(big, "does not start at region offset 0; clear those region sectors first"),
	      "a disabled fsdax namespace away from offset 0 with poison: why enabling fails, what first");
	u.ns_start = 0;
	CHECK(pm_disabled_poison_words(&u, big, sizeof(big)) && strstr(big, "enabling it clears poison"),
	      "... at region offset 0: the kernel clears it on enable");
	u.disabled = false;
	CHECK(!pm_disabled_poison_words(&u, big, sizeof(big)), "an enabled namespace: nothing to say");
	u.disabled = true;
	u.mode = PM_MODE_RAW;
	CHECK(!pm_disabled_poison_words(&u, big, sizeof(big)), "a raw namespace: nothing to say");
	b = (struct pm_busy){ .kind = PM_BUSY_MOUNTED, .nlinks = 1,
			      .chain = { { .kind = PM_LINK_LOOP, .device = "loop0" } } };
	strcpy(b.device, "pmem2.3");
	strcpy(b.who, "/mnt/x");
	CHECK(!strcmp(pm_busy_words(&b, buf, sizeof(buf)), "/dev/pmem2.3 backs loop0, mounted on /mnt/x"),
	      "the issue's example chain: %s", buf);
	return unit_done();
}
