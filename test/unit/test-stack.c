// SPDX-License-Identifier: GPL-2.0
/*
 * lib/stack.c and pm_block_in_use over a made-up sysfs and mountinfo:
 * partitions, holders, loop devices over a device and over a file on it,
 * each said as a chain by cmd/words.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cmd/words.h"
#include "lib/inuse.h"
#include "lib/stack.h"
#include "test/unit/unit.h"

static char root[64] = "/tmp/pmemctl-stack-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[4096], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	if (!text) {
		mkdir(path, 0755);
		return;
	}
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static const char *words(const struct pm_busy *b)
{
	static char buf[8192];

	return pm_busy_words(b, buf, sizeof(buf));
}

int main(void)
{
	struct pm_stack_env env = { 0 };
	char sys[128], mi[128], mi_none[128], path[256], text[4096];
	struct pm_link chain[PM_STACK_DEPTH];
	struct pm_busy b;
	unsigned int n;
	struct stat st;
	bool have_node;

	if (!mkdtemp(root))
		return 1;
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(mi, sizeof(mi), "%s/mountinfo", root);
	snprintf(mi_none, sizeof(mi_none), "%s/mountinfo-none", root);
	env.sys = sys;
	env.mountinfo = mi;
	/* fakepm0 -> partition fakepm0p1 -> dm-7 (mounted on /mnt/d) */
	put("sys/class/block/fakepm0/dev", "259:0\n");
	put("sys/class/block/fakepm0/fakepm0p1/partition", "1\n");
	put("sys/class/block/fakepm0p1/dev", "259:1\n");
	put("sys/class/block/fakepm0p1/holders/dm-7", NULL);
	put("sys/class/block/dm-7/dev", "253:7\n");
	put("sys/class/block/dm-7/holders", NULL);
	/* fakepm1 -> loop9 (a loop over the device node), mounted on /mnt/x */
	put("sys/class/block/fakepm1/dev", "259:5\n");
	snprintf(path, sizeof(path), "%s/node", root);
	have_node = mknod(path, S_IFBLK | 0600, makedev(259, 5)) == 0;
	put("sys/class/block/loop9/dev", "7:9\n");
	put("sys/class/block/loop9/loop/backing_file", path);
	/* fakefs (the device this directory is on) -> a file on it -> loop8 */
	snprintf(path, sizeof(path), "%s/img", root);
	put("img", "data");
	stat(path, &st);
	snprintf(text, sizeof(text), "%u:%u\n", major(st.st_dev), minor(st.st_dev));
	put("sys/class/block/fakefs/dev", text);
	put("sys/class/block/loop8/dev", "7:8\n");
	put("sys/class/block/loop8/loop/backing_file", path);
	put("sys/class/block/loop7/dev", "7:7\n");	/* a loop device with no file */
	put("sys/class/block/idle0/dev", "259:9\n");
	put("mountinfo", "30 1 253:7 / /mnt/d rw - ext4 /dev/dm-7 rw\n"
			 "31 1 7:9 / /mnt/x rw - ext4 /dev/loop9 rw\n");
	put("mountinfo-none", "30 1 8:1 / / rw - ext4 /dev/sda1 rw\n");

	CHECK(pm_block_in_use(&env, "fakepm0", &b) == 1 && b.kind == PM_BUSY_MOUNTED && b.nlinks == 2,
	      "a filesystem on a dm device over a partition: mounted, two links");
	CHECK(!strcmp(words(&b), "/dev/fakepm0 has partition fakepm0p1, held by dm-7, mounted on /mnt/d"),
	      "said as its chain: %s", words(&b));
	env.mountinfo = mi_none;
	CHECK(pm_block_in_use(&env, "fakepm0", &b) == 1 && b.kind == PM_BUSY_HELD,
	      "nothing mounted: still held by dm-7");
	CHECK(!strcmp(words(&b), "/dev/fakepm0 has partition fakepm0p1, held by dm-7"), "said: %s", words(&b));
	CHECK(pm_block_in_use(&env, "fakepm0p1", &b) == 1 && !strcmp(words(&b), "/dev/fakepm0p1 is held by dm-7"),
	      "the partition itself: %s", words(&b));
	env.mountinfo = mi;
	if (have_node) {
		CHECK(pm_block_in_use(&env, "fakepm1", &b) == 1 && b.kind == PM_BUSY_MOUNTED,
		      "a loop device over the device node, mounted");
		CHECK(!strcmp(words(&b), "/dev/fakepm1 backs loop9, mounted on /mnt/x"), "said: %s", words(&b));
	}
	CHECK(pm_stack_reaches(&env, "fakefs", makedev(7, 8), chain, &n) && n == 1 &&
	      chain[0].kind == PM_LINK_LOOP_FILE && !strcmp(chain[0].file, path),
	      "a loop device over a file on the filesystem is built on it");
	b = (struct pm_busy){ .kind = PM_BUSY_HELD, .nlinks = 1, .chain = { chain[0] } };
	strcpy(b.device, "fakefs");
	snprintf(text, sizeof(text), "/dev/fakefs holds %s, which backs loop8", path);
	CHECK(!strcmp(words(&b), text), "said: %s", words(&b));
	CHECK(pm_stack_reaches(&env, "fakepm0", makedev(253, 7), chain, &n) && n == 2,
	      "dm-7 is reached from the disk");
	CHECK(pm_stack_reaches(&env, "fakepm0", makedev(259, 0), chain, &n) && n == 0, "the disk is itself");
	CHECK(!pm_stack_reaches(&env, "fakepm0", makedev(7, 9), chain, &n), "loop9 is not on fakepm0");
	CHECK(pm_block_in_use(&env, "idle0", &b) == 0 && b.kind == PM_BUSY_NONE, "nothing on idle0");
	CHECK(pm_block_in_use(&env, "nosuch", &b) == -ENODEV, "no such device: -ENODEV");
	snprintf(text, sizeof(text), "rm -rf '%s'", root);
	if (system(text))
		return 1;
	return unit_done();
}
