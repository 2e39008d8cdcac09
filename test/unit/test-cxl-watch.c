// SPDX-License-Identifier: GPL-2.0
/*
 * What monitor watches for CXL poison: which trace lines make it list a
 * memdev again (Inject, Clear and media-error events; never the List events
 * of a listing, its own included), and the record keys it compares.
 */
#include <string.h>

#include "lib/cxl-watch.h"
#include "test/unit/unit.h"

#define HEAD "              sh-154     [001] .....     2.817311: "
#define POISON "memdev=mem0 host=0000:0e:00.0 serial=4098 trace_type=%s region= " \
	"region_uuid=00000000-0000-0000-0000-000000000000 hpa=0xffffffffffffffff dpa=0x8000 " \
	"dpa_length=0x40 source=%s flags= overflow_time=0"

static int watch(const char *line, char *name)
{
	name[0] = 0;
	return pm_cxl_watch_line(line, name, 32);
}

static void test_lines(void)
{
	char line[512], name[32];

	snprintf(line, sizeof(line), HEAD "cxl_poison: " POISON, "Inject", "Unknown");
	CHECK(watch(line, name) == 1 && !strcmp(name, "mem0"), "an Inject event names mem0 (%s)", name);
	snprintf(line, sizeof(line), HEAD "cxl_poison: " POISON, "Clear", "Unknown");
	CHECK(watch(line, name) == 1 && !strcmp(name, "mem0"), "a Clear event names mem0");
	snprintf(line, sizeof(line), HEAD "cxl_poison: " POISON, "List", "Injected");
	CHECK(watch(line, name) == 0, "a List event (a listing, monitor's own too) wakes nothing");
	CHECK(watch(HEAD "cxl_general_media: memdev=mem1 host=0000:0f:00.0 serial=4099 log=Failure : "
		    "time=0 uuid=fbcd0a77-c260-417f-85a9-088b1621eba6 len=128 flags='0x1' handle=0 "
		    "related_handle=0 maint_op_class=0 : dpa=4000 dpa_flags='' descriptor='UNCORRECTABLE_EVENT' "
		    "type='Data Path Error' transaction_type='Host Read' channel=0 rank=0 device=0 "
		    "comp_id=00 validity_flags='' hpa=ffffffffffffffff region= region_uuid=0", name) == 1 &&
	      !strcmp(name, "mem1"), "a general media event names its memdev mem1 (%s)", name);
	CHECK(watch(HEAD "cxl_dram: memdev=mem2 host=0000:10:00.0 serial=1 log=Failure : time=0", name) == 1 &&
	      !strcmp(name, "mem2"), "a DRAM event names mem2");
	CHECK(watch(HEAD "cxl_dram: memdev= host=0000:10:00.0", name) == 0, "an event without a memdev: none");
	CHECK(watch(HEAD "mce_record: mcgcap 0x0", name) == 0, "another tracepoint: none");
	CHECK(watch(HEAD "cxl_poison: memdev=mem0 trace_type=Inject", name) == 0,
	      "a cxl_poison event missing fields is not trusted");
	CHECK(!strcmp(pm_cxl_watch_events[0], "cxl/cxl_poison") && pm_cxl_watch_filters[0] &&
	      !pm_cxl_watch_events[3], "cxl_poison is filtered to Inject/Clear; three tracepoints");
}

static void test_keys(void)
{
	struct pm_cxl_memdev md[2] = { { .name = "mem0" }, { .name = "mem1" } };
	struct pm_cxl_rec r[3] = { { .memdev = 0, .dpa = 0x8000, .length = 0x40 },
				   { .memdev = 0, .dpa = 0x10000, .length = 0x40 },
				   { .memdev = 1, .dpa = 0x8000, .length = 0x40 } };
	struct pm_cxl_scan s = { .memdevs = md, .nmemdevs = 2, .recs = r, .nrecs = 3 };
	char k[3][96];

	for (int i = 0; i < 3; i++)
		pm_cxl_rec_key(&s, &r[i], k[i], sizeof(k[i]));
	CHECK(!strcmp(k[0], "mem0|0000000000008000|0000000000000040"), "the key: memdev, dpa, length (%s)", k[0]);
	CHECK(strcmp(k[0], k[1]) < 0, "keys sort by DPA within a memdev");
	CHECK(strcmp(k[0], k[2]) != 0, "the same DPA on another memdev is another record");
}

int main(void)
{
	test_lines();
	test_keys();
	return unit_done();
}
