// SPDX-License-Identifier: GPL-2.0
/* unbind's verdicts: what is on the device and what the kernel can do. */
#include <string.h>

#include "lib/unbind.h"
#include "test/unit/unit.h"

static struct pm_unbind mounted(const char *fstype, bool dax, bool rmapbt, bool pre_remove)
{
	struct pm_unbind u = { .mounted = true, .rmapbt = rmapbt, .rmapbt_known = true };

	snprintf(u.driver, sizeof(u.driver), "nd_pmem");
	snprintf(u.mount.fstype, sizeof(u.mount.fstype), "%s", fstype);
	u.mount.dax = dax;
	u.k.pre_remove = pre_remove;
	return u;
}

int main(void)
{
	struct pm_unbind u = { 0 };

	CHECK(pm_kernel_version_ok(6, 7) && pm_kernel_version_ok(6, 12) && pm_kernel_version_ok(7, 0),
	      "6.7, 6.12 and 7.0 have MF_MEM_PRE_REMOVE");
	CHECK(!pm_kernel_version_ok(6, 6) && !pm_kernel_version_ok(6, 1) && !pm_kernel_version_ok(5, 19),
	      "6.6, 6.1 and 5.19 do not");
	CHECK(pm_unbind_judge(&u, false) == PM_UNBIND_NOT_BOUND, "no driver: nothing to unbind");
	snprintf(u.driver, sizeof(u.driver), "nd_pmem");
	CHECK(pm_unbind_judge(&u, false) == PM_UNBIND_OK, "bound, nothing mounted: go");
	u.system_ram = true;
	CHECK(pm_unbind_judge(&u, true) == PM_UNBIND_SYSTEM_RAM, "system RAM: refused even when unsafe");
	u = mounted("xfs", true, true, true);
	CHECK(pm_unbind_judge(&u, false) == PM_UNBIND_OK, "XFS rmapbt dax on a pre-remove kernel: go");
	u = mounted("xfs", true, true, false);
	CHECK(pm_unbind_judge(&u, false) == PM_UNBIND_OLD_KERNEL, "the same on an old kernel: refused");
	CHECK(pm_unbind_judge(&u, true) == PM_UNBIND_OK, "... unless --unsafe-old-kernel");
	u = mounted("xfs", true, false, true);
	CHECK(pm_unbind_judge(&u, true) == PM_UNBIND_NO_HOLDER, "XFS without rmapbt: no holder");
	u = mounted("ext4", true, false, true);
	CHECK(pm_unbind_judge(&u, true) == PM_UNBIND_NO_HOLDER, "ext4 dax: no holder");
	u = mounted("xfs", false, true, true);
	CHECK(pm_unbind_judge(&u, true) == PM_UNBIND_NOT_DAX_MOUNT, "mounted without DAX: refused");
	return unit_done();
}
