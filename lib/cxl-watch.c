// SPDX-License-Identifier: GPL-2.0
/* Following CXL poison from its trace events (see cxl-watch.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/cxl-watch.h"
#include "util/tracefs.h"

const char *const pm_cxl_watch_events[] = {
	"cxl/cxl_poison", "cxl/cxl_general_media", "cxl/cxl_dram", NULL,
};

/*
 * trace_type 0 is List: the events every listing (monitor's own re-listing
 * included) emits say nothing new, and must not wake the monitor.
 */
const char *const pm_cxl_watch_filters[] = { "trace_type != 0", NULL, NULL, NULL };

int pm_cxl_watch_line(const char *line, char *buf, size_t len)
{
	static const char *const media[] = { "cxl_general_media", "cxl_dram" };
	const char *body = tracefs_event_body(line, "cxl_poison");
	struct pm_cxl_event e;

	if (body) {
		if (pm_cxl_parse_poison(body, &e) || e.type == PM_CXL_TRACE_LIST)
			return 0;
		return snprintf(buf, len, "%s", e.memdev) < (int)len;
	}
	for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++) {
		body = tracefs_event_body(line, media[i]);
		if (body)
			return tracefs_field(body, "memdev", buf, len) == 0 && buf[0];
	}
	return 0;
}

void pm_cxl_rec_key(const struct pm_cxl_scan *s, const struct pm_cxl_rec *r, char *key, size_t len)
{
	snprintf(key, len, "%s|%016" PRIx64 "|%016" PRIx64, s->memdevs[r->memdev].name, r->dpa, r->length);
}
