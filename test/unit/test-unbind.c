// SPDX-License-Identifier: GPL-2.0
/* unbind's verdicts: what is on the device and what the kernel can do. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "lib/procs.h"
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

struct seek {
	const char *path, *pid;
	dev_t dev;
	bool found;
};

static bool is_the_file(dev_t dev, const char *path, void *arg)
{
	struct seek *s = arg;

	s->found |= dev == s->dev && !strcmp(path, s->path);
	return !s->found;
}

static bool find_in(const char *pid, void *arg)
{
	struct seek *s = arg;

	if (strcmp(pid, s->pid))
		return true;
	pm_foreach_mapping(pid, is_the_file, s);
	return false;
}

/* A child maps a file; lib/procs finds that mapping, with the file's device, in its maps. */
static void process_mappings(void)
{
	char path[] = "/tmp/pmemctl-procs.XXXXXX", pid[16];
	int fd = mkstemp(path), ready[2];
	struct seek s = { .path = path, .pid = pid };
	struct stat st;
	pid_t child;
	char c;

	if (fd < 0 || ftruncate(fd, 4096) || fstat(fd, &st) || pipe(ready)) {
		CHECK(0, "set-up for the mapping test");
		return;
	}
	s.dev = st.st_dev;
	child = fork();
	if (child == 0) {
		void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

		if (write(ready[1], p == MAP_FAILED ? "n" : "y", 1) == 1)
			pause();
		_exit(0);
	}
	snprintf(pid, sizeof(pid), "%d", (int)child);
	CHECK(read(ready[0], &c, 1) == 1 && c == 'y', "the child mapped the file");
	CHECK(pm_foreach_process(find_in, &s) == 0 && s.found, "its mapping is found with the file's device");
	CHECK(pm_proc_alive(child), "the child is alive");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK(!pm_proc_alive(child), "and gone once reaped");
	close(fd);
	unlink(path);
}

int main(void)
{
	struct pm_unbind u = { 0 };

	process_mappings();
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
