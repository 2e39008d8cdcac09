// SPDX-License-Identifier: GPL-2.0
/* uevent datagrams: anything parses; a result points inside the datagram. */
#include <stdlib.h>
#include <string.h>

#include "lib/uevent.h"

static int inside(const char *p, const char *buf, size_t size)
{
	return p >= buf && p + strlen(p) <= buf + size;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct pm_uevent ev;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	ev = pm_uevent_parse(buf, size);
	if (ev.kind != PM_UEVENT_NONE &&
	    (!ev.device || !*ev.device || !inside(ev.device, buf, size) || !ev.subsystem ||
	     !inside(ev.subsystem, buf, size) || !pm_uevent_event_name(ev.kind)))
		abort();
	free(buf);
	return 0;
}
