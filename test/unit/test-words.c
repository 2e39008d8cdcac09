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
	struct pm_unit units[] = {
		{ .region = "region1", .namespace = "namespace1.0", .mode = PM_MODE_RAW, .has_ns_start = true,
		  .ns_len = 16 << 20 },
		{ .region = "region1", .namespace = "namespace1.1", .mode = PM_MODE_FSDAX, .disabled = true,
		  .has_ns_start = true, .ns_start = 16 << 20, .ns_len = 16 << 20 },
	};
	struct pm_poison recs[] = { { .unit = 0, .has_region_offset = true, .region_offset = 64 * 512,
				      .length = 8 * 512 } };
	struct pm_scan ms = { .units = units, .nunits = 2, .recs = recs, .nrecs = 1 };
	char big[1024];

	CHECK(pm_enable_blocked_words(&ms, 1, big, sizeof(big)) &&
	      strstr(big, "namespace1.1 is disabled (configured fsdax): enabling it fails with \"Bad address\"") &&
	      strstr(big, "here region sector 64 (8 sectors, in namespace1.0)") &&
	      strstr(big, "recover that poison first (pmemctl recover -n namespace1.0), then 'ndctl "
			  "enable-namespace namespace1.1'"),
	      "a disabled fsdax namespace at 16 MiB, poison at region sector 64: why it fails, what clears it");
	CHECK(!pm_enable_blocked_words(&ms, 0, big, sizeof(big)), "the raw namespace: nothing to say");
	recs[0].region_offset = 0;
	recs[0].length = 4096;
	CHECK(!pm_enable_blocked_words(&ms, 1, big, sizeof(big)), "poison below region sector 16: not looked up");
	recs[0].region_offset = 20 << 20;
	CHECK(!pm_enable_blocked_words(&ms, 1, big, sizeof(big)), "poison past its length: not looked up");
	units[1].ns_start = 0;
	recs[0].region_offset = 64 * 512;
	CHECK(!pm_enable_blocked_words(&ms, 1, big, sizeof(big)), "a namespace at region offset 0: the kernel is right");
	b = (struct pm_busy){ .kind = PM_BUSY_MOUNTED, .nlinks = 1,
			      .chain = { { .kind = PM_LINK_LOOP, .device = "loop0" } } };
	strcpy(b.device, "pmem2.3");
	strcpy(b.who, "/mnt/x");
	CHECK(!strcmp(pm_busy_words(&b, buf, sizeof(buf)), "/dev/pmem2.3 backs loop0, mounted on /mnt/x"),
	      "the issue's example chain: %s", buf);
	return unit_done();
}
