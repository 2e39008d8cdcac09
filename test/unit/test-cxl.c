// SPDX-License-Identifier: GPL-2.0
/*
 * CXL poison: cxl_poison trace lines captured in the lab (test/unit/
 * fixtures/cxl-poison.txt) parsed into events, events into records against a
 * small sysfs tree, a 6.1-like tree without the interface, and the JSON of
 * a record.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-c/json.h>

#include "cmd/poison-json.h"
#include "lib/cxl.h"
#include "lib/sysram.h"
#include "test/unit/unit.h"
#include "util/tracefs.h"

#define MAX_LINES 64

static char lines[MAX_LINES][512];
static size_t nlines;

static void load_trace(void)
{
	const char *src = getenv("PMEMCTL_SRCDIR");
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/test/unit/fixtures/cxl-poison.txt", src ? src : ".");
	f = fopen(path, "r");
	while (f && nlines < MAX_LINES && fgets(lines[nlines], sizeof(lines[0]), f)) {
		lines[nlines][strcspn(lines[nlines], "\n")] = 0;
		if (lines[nlines][0] != '#')
			nlines++;
	}
	if (f)
		fclose(f);
}

static int parse_line(size_t i, struct pm_cxl_event *e)
{
	const char *body = tracefs_event_body(lines[i], "cxl_poison");

	return body ? pm_cxl_parse_poison(body, e) : -ENOENT;
}

static void test_captured(void)
{
	struct pm_cxl_event e;
	size_t ok = 0, lists = 0, inject = 0, clear = 0, mapped = 0;

	load_trace();
	CHECK(nlines == 20, "the fixture has the 20 captured lines (%zu)", nlines);
	for (size_t i = 0; i < nlines; i++) {
		if (parse_line(i, &e))
			continue;
		ok++;
		lists += e.type == PM_CXL_TRACE_LIST;
		inject += e.type == PM_CXL_TRACE_INJECT;
		clear += e.type == PM_CXL_TRACE_CLEAR;
		mapped += e.has_hpa;
	}
	CHECK(ok == nlines, "every captured line parses (%zu of %zu)", ok, nlines);
	CHECK(inject == 2 && clear == 2 && lists == 16 && mapped == 6,
	      "2 Inject, 2 Clear, 16 List events, 6 with an HPA (%zu %zu %zu %zu)", inject, clear, lists, mapped);

	CHECK(parse_line(0, &e) == 0 && !strcmp(e.memdev, "mem0") && !strcmp(e.host, "0000:0e:00.0") &&
	      e.serial == 4098 && e.type == PM_CXL_TRACE_LIST && e.dpa == 0x4000 && e.length == 0x1000 &&
	      e.source == PM_CXL_SRC_INTERNAL && e.flags == 0 && !e.region[0],
	      "a List event: memdev, host, serial in decimal, dpa and length in 0x hex, source");
	CHECK(!e.has_hpa && e.hpa == UINT64_MAX, "no region: the HPA of all ones is no address");
	CHECK(parse_line(14, &e) == 0 && e.has_hpa && e.hpa == 0x390002040ULL && e.dpa == 0x2040 &&
	      e.length == 0x1c0 && !strcmp(e.region, "region0"),
	      "a List event in a region: region and HPA");
	CHECK(parse_line(2, &e) == 0 && e.type == PM_CXL_TRACE_INJECT && e.source == PM_CXL_SRC_UNKNOWN &&
	      e.dpa == 0x8000 && e.length == 0x40, "an Inject event: 64 bytes at the DPA");
	CHECK(parse_line(3, &e) == 0 && e.source == PM_CXL_SRC_INJECTED, "the injected range lists as Injected");
}

/* Flags and malformed bodies: QEMU never sets the flags, so these lines are written here. */
static void test_synthetic(void)
{
	static const char head[] = "memdev=mem3 host=0000:0f:00.0 serial=7 trace_type=List region= "
				   "region_uuid=00000000-0000-0000-0000-000000000000 hpa=0xffffffffffffffff ";
	char body[512];
	struct pm_cxl_event e;

	snprintf(body, sizeof(body), "%sdpa=0x40 dpa_length=0x40 source=Vendor flags=More|Overflow|Scanning "
		 "overflow_time=1700000000000000000", head);
	CHECK(pm_cxl_parse_poison(body, &e) == 0 &&
	      e.flags == (PM_CXL_FLAG_MORE | PM_CXL_FLAG_OVERFLOW | PM_CXL_FLAG_SCANNING) &&
	      e.source == PM_CXL_SRC_VENDOR && e.overflow_ts == 1700000000000000000ULL,
	      "flags More|Overflow|Scanning, source Vendor, overflow time");
	snprintf(body, sizeof(body), "%sdpa=0x40 dpa_length=0x40 source=Reserved flags=Overflow overflow_time=5", head);
	CHECK(pm_cxl_parse_poison(body, &e) == 0 && e.source == PM_CXL_SRC_RESERVED &&
	      e.flags == PM_CXL_FLAG_OVERFLOW, "source Reserved, flag Overflow alone");
	snprintf(body, sizeof(body), "%sdpa_length=0x40 source=Internal flags= overflow_time=0", head);
	CHECK(pm_cxl_parse_poison(body, &e) == -EINVAL, "no dpa: malformed");
	snprintf(body, sizeof(body), "%sdpa=0x4g dpa_length=0x40 source=Internal flags= overflow_time=0", head);
	CHECK(pm_cxl_parse_poison(body, &e) == -EINVAL, "a dpa that is not hex: malformed");
	snprintf(body, sizeof(body), "%sdpa=0x40 dpa_length=0x40 source=Cosmic flags= overflow_time=0", head);
	CHECK(pm_cxl_parse_poison(body, &e) == -EINVAL, "an unknown source word: malformed");
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX], cmd[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	*strrchr(cmd, '/') = 0;
	strcat(cmd, "'");
	if (system(cmd))
		return;
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A sysfs tree like the lab's, without trigger_poison_list and tracing: Linux 6.1. */
static void make_tree(const char *root)
{
	put(root, "bus/cxl/devices/mem0/serial", "0x1002\n");
	put(root, "bus/cxl/devices/mem0/ram/size", "0x10000000\n");
	put(root, "bus/cxl/devices/mem0/pmem/size", "0x0\n");
	put(root, "bus/cxl/devices/mem1/serial", "0x1001\n");
	put(root, "bus/cxl/devices/mem1/ram/size", "0x0\n");
	put(root, "bus/cxl/devices/mem1/pmem/size", "0x10000000\n");
	put(root, "bus/cxl/devices/region0/resource", "0x390000000\n");
	put(root, "bus/cxl/devices/region0/mode", "pmem\n");
}

static void test_records(const char *root)
{
	struct pm_cxl_scan s = { 0 };
	struct pm_cxl_filter f = { .mode = PM_MODE_NONE };
	struct pm_cxl_event e;
	struct json_object *o, *v;

	CHECK(pm_cxl_scan(root, NULL, &f, &s) == 0 && s.nmemdevs == 2 && s.state == PM_CXL_NO_INTERFACE &&
	      s.memdevs[0].list == PM_CXL_LIST_NO_INTERFACE && s.nrecs == 0,
	      "no trigger_poison_list, no cxl_poison event: no interface, no records");
	CHECK(!strcmp(s.memdevs[0].name, "mem0") && s.memdevs[0].serial == 0x1002 &&
	      s.memdevs[1].pmem_size == 0x10000000, "memdevs in order, serial and partition sizes");
	/* the lab's mem1 events, as pm_cxl_read_lists hands them on */
	CHECK(parse_line(14, &e) == 0 && pm_cxl_add_event(&s, 1, &e, root) == 0 && s.nrecs == 1,
	      "a List event in region0 becomes a record");
	CHECK(s.recs[0].partition == PM_CXL_PART_PMEM && s.recs[0].has_spa && s.recs[0].spa == 0x390002040ULL &&
	      s.recs[0].region_offset == 0x2040 && !strcmp(s.recs[0].region, "region0"),
	      "pmem partition (after a 0-byte ram), SPA, offset from the region's resource");
	CHECK(pm_cxl_add_event(&s, 1, &e, root) == 0 && s.nrecs == 1, "the same range again (another reader) is one record");
	CHECK(parse_line(1, &e) == 0 && pm_cxl_add_event(&s, 1, &e, root) == 0 && s.nrecs == 2 &&
	      !s.recs[1].has_spa && s.recs[1].partition == PM_CXL_PART_PMEM, "no region: no SPA");
	CHECK(parse_line(0, &e) == 0 && pm_cxl_add_event(&s, 0, &e, root) == 0 &&
	      s.recs[2].partition == PM_CXL_PART_RAM, "mem0's DPA 0x4000 is in its ram partition");
	s.memdevs[0].list = s.memdevs[1].list = PM_CXL_LIST_READ;
	o = pm_cxl_rec_to_json(&s, &s.recs[1]);
	CHECK(json_object_object_get_ex(o, "kind", &v) && !strcmp(json_object_get_string(v), "cxl") &&
	      json_object_object_get_ex(o, "spa", &v) && !v && json_object_object_get_ex(o, "cxl_region", &v) && !v &&
	      json_object_object_get_ex(o, "area", &v) && !v && json_object_object_get_ex(o, "device", &v) && !v,
	      "JSON: kind cxl; no region: spa, cxl_region, area and device null");
	CHECK(json_object_object_get_ex(o, "dpa", &v) && json_object_get_uint64(v) == 0x2000 &&
	      json_object_object_get_ex(o, "serial", &v) && json_object_get_uint64(v) == 0x1001 &&
	      json_object_object_get_ex(o, "media_source", &v) && !strcmp(json_object_get_string(v), "internal") &&
	      json_object_object_get_ex(o, "partition", &v) && !strcmp(json_object_get_string(v), "pmem") &&
	      json_object_object_get_ex(o, "overflow", &v) && !json_object_get_boolean(v),
	      "JSON: dpa, serial, media_source, partition, overflow false");
	json_object_put(o);
	pm_cxl_scan_free(&s);

	f.memdev = "mem5";
	CHECK(pm_cxl_scan(root, NULL, &f, &s) == -ENODEV, "--memdev naming no memdev: -ENODEV");
	pm_cxl_scan_free(&s);
	f.memdev = "1";
	f.region = "region0";
	CHECK(pm_cxl_scan(root, NULL, &f, &s) == 0 && s.nmemdevs == 1 && !strcmp(s.memdevs[0].name, "mem1") &&
	      s.region_seen, "--memdev 1 is mem1; -r region0 names a CXL region");
	pm_cxl_scan_free(&s);
}

/* The first pmem DPA is the ram partition's size: the last ram byte is ram, the next pmem. */
static void test_partition_edge(void)
{
	struct pm_cxl_memdev m = { .ram_size = 0x10000000, .pmem_size = 0x10000000 };

	CHECK(pm_cxl_partition_of(&m, 0xfffffff) == PM_CXL_PART_RAM &&
	      pm_cxl_partition_of(&m, 0x10000000) == PM_CXL_PART_PMEM &&
	      pm_cxl_partition_of(&m, 0x1fffffff) == PM_CXL_PART_PMEM &&
	      pm_cxl_partition_of(&m, 0x20000000) == PM_CXL_PART_UNKNOWN,
	      "DPA ram_size - 1 is ram, ram_size is pmem, past pmem unknown");
}

/* memdevs sort by number: mem2 before mem10. */
static void test_memdev_order(const char *root)
{
	struct pm_cxl_filter f = { .mode = PM_MODE_NONE };
	struct pm_cxl_scan s = { 0 };
	char sys[PATH_MAX];

	put(root, "order/bus/cxl/devices/mem10/serial", "0xa\n");
	put(root, "order/bus/cxl/devices/mem2/serial", "0x2\n");
	put(root, "order/bus/cxl/devices/mem1/serial", "0x1\n");
	snprintf(sys, sizeof(sys), "%s/order", root);
	CHECK(pm_cxl_scan(sys, NULL, &f, &s) == 0 && s.nmemdevs == 3 && !strcmp(s.memdevs[0].name, "mem1") &&
	      !strcmp(s.memdevs[1].name, "mem2") && !strcmp(s.memdevs[2].name, "mem10"),
	      "memdevs in number order: mem1 mem2 mem10 (%s %s %s)", s.nmemdevs > 0 ? s.memdevs[0].name : "-",
	      s.nmemdevs > 1 ? s.memdevs[1].name : "-", s.nmemdevs > 2 ? s.memdevs[2].name : "-");
	pm_cxl_scan_free(&s);
}

/*
 * A ram region's record is placed in its dax device: the offset into the
 * device is the mapping's page_offset (in pages) plus the SPA's distance
 * from the mapping's start; a mapping's end is its last byte.
 */
/* Under @root/@tree: ram region1 with dax1.0, its mapping0 at 0x400000000 (256 MiB, page_offset 0). */
static void put_ram_region(const char *root, const char *tree)
{
	static const char *const files[][2] = {
		{ "bus/cxl/devices/region1/mode", "ram\n" },
		{ "bus/cxl/devices/region1/dax_region1/dax1.0/uevent", "" },
		{ "bus/dax/devices/dax1.0/mapping0/start", "0x400000000\n" },
		{ "bus/dax/devices/dax1.0/mapping0/end", "0x40fffffff\n" },
		{ "bus/dax/devices/dax1.0/mapping0/page_offset", "0x0\n" },
	};
	char rel[PATH_MAX];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", tree, files[i][0]);
		put(root, rel, files[i][1]);
	}
}

static void test_dax_place(const char *root)
{
	char sys[PATH_MAX];
	struct pm_cxl_rec recs[2] = {
		{ .has_spa = true, .spa = 0x500001040ULL, .region = "region1" },
		{ .has_spa = true, .spa = 0x40fffffffULL, .region = "region1" },
	};
	struct pm_cxl_scan s = { .recs = recs, .nrecs = 2 };
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	put_ram_region(root, "dax");
	put(root, "dax/bus/dax/devices/dax1.0/mapping1/start", "0x500000000\n");
	put(root, "dax/bus/dax/devices/dax1.0/mapping1/end", "0x50fffffff\n");
	put(root, "dax/bus/dax/devices/dax1.0/mapping1/page_offset", "0x10000\n");
	snprintf(sys, sizeof(sys), "%s/dax", root);
	CHECK(pm_cxl_place(&s, 0, NULL, sys) == 0 && recs[0].use == PM_CXL_USE_DAX &&
	      !strcmp(recs[0].device, "dax1.0") && recs[0].area == PM_AREA_DATA && recs[0].has_data_offset &&
	      recs[0].data_offset == 0x10000 * page + 0x1040,
	      "ram region: dax1.0 at page_offset pages + 0x1040 (%#llx)", (unsigned long long)recs[0].data_offset);
	CHECK(pm_cxl_place(&s, 1, NULL, sys) == 0 && recs[1].use == PM_CXL_USE_DAX &&
	      recs[1].data_offset == 0xfffffff, "the last byte of a mapping is in it (%#llx)",
	      (unsigned long long)recs[1].data_offset);
}

/*
 * system_ram: a ram region's dax device bound to kmem, and the memory block
 * holding the record online (block_size_bytes is hex without 0x); a block
 * offline, a device bound to device_dax, and no such block are not.
 */
static void test_dax_system_ram(const char *root)
{
	char sys[PATH_MAX], link[PATH_MAX + 32];
	struct pm_cxl_rec recs[2] = {
		{ .has_spa = true, .spa = 0x400001000ULL, .region = "region1" },
		{ .has_spa = true, .spa = 0x408001000ULL, .region = "region1" },
	};
	struct pm_cxl_scan s = { .recs = recs, .nrecs = 2 };

	snprintf(sys, sizeof(sys), "%s/kmem", root);
	put_ram_region(root, "kmem");
	put(root, "kmem/bus/dax/drivers/kmem/uevent", "");
	put(root, "kmem/bus/dax/drivers/device_dax/uevent", "");
	put(root, "kmem/devices/system/memory/block_size_bytes", "8000000\n");
	put(root, "kmem/devices/system/memory/memory128/state", "online\n");
	put(root, "kmem/devices/system/memory/memory129/state", "offline\n");
	snprintf(link, sizeof(link), "%s/bus/dax/devices/dax1.0/driver", sys);
	CHECK(symlink("../../../../bus/dax/drivers/kmem", link) == 0, "fixture: dax1.0 bound to kmem");
	CHECK(pm_dax_bound_to_kmem(sys, "dax1.0") && !pm_dax_bound_to_kmem(sys, "dax9.0"),
	      "dax1.0 is bound to kmem, a device without a driver link is not");
	CHECK(pm_memory_block_online(sys, 0x400001000ULL) == 1 && pm_memory_block_online(sys, 0x408000000ULL) == 0 &&
	      pm_memory_block_online(sys, 0x500000000ULL) == 0,
	      "memory128 (0x400000000, 128 MiB blocks) online, memory129 offline, no memory160: not online");
	CHECK(pm_cxl_place(&s, 0, NULL, sys) == 0 && recs[0].system_ram == PM_SYSRAM_YES &&
	      pm_cxl_place(&s, 1, NULL, sys) == 0 && recs[1].system_ram == PM_SYSRAM_NO,
	      "kmem: the record in the online block is system_ram, the one in the offline block not");
	unlink(link);
	CHECK(symlink("../../../../bus/dax/drivers/device_dax", link) == 0, "fixture: dax1.0 bound to device_dax");
	recs[0] = (struct pm_cxl_rec){ .has_spa = true, .spa = 0x400001000ULL, .region = "region1" };
	CHECK(pm_cxl_place(&s, 0, NULL, sys) == 0 && recs[0].use == PM_CXL_USE_DAX && recs[0].system_ram == PM_SYSRAM_NO,
	      "device_dax: the block online (another user), the record is not system_ram");
	put(root, "kmem/devices/system/memory/block_size_bytes", "8000000z\n");
	CHECK(pm_memory_block_online(sys, 0x400001000ULL) == -EINVAL &&
	      pm_sysram_at(sys, true, 0x400001000ULL) == PM_SYSRAM_UNKNOWN && pm_sysram_at(sys, false, 0) == PM_SYSRAM_UNKNOWN,
	      "a block_size_bytes that is not hex: -EINVAL, unknown; no address (not root): unknown");
}

int main(void)
{
	char root[] = "/tmp/pmemctl-test-cxl.XXXXXX", cmd[64];

	test_captured();
	test_synthetic();
	test_partition_edge();
	if (mkdtemp(root)) {
		make_tree(root);
		test_records(root);
		test_memdev_order(root);
		test_dax_place(root);
		test_dax_system_ram(root);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd))
			perror("rm");
	}
	return unit_done();
}
