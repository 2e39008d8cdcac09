// SPDX-License-Identifier: GPL-2.0
/* mountinfo lines: any text parses or is rejected; results stay in bounds. */
#include <stdlib.h>
#include <string.h>

#include "lib/mount.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *line = malloc(size + 1);
	struct pm_mount m;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (pm_mountinfo_line(line, "259:1", &m) &&
	    (strlen(m.point) >= sizeof(m.point) || strlen(m.fstype) >= sizeof(m.fstype)))
		abort();
	free(line);
	return 0;
}
