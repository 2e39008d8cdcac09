// SPDX-License-Identifier: GPL-2.0
/* Command-line numbers: accepted strings round-trip; nothing crashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strings.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1), back[32];
	uint64_t v;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (strlen(s) == size && parse_u64(s, &v) == 0) {
		/* whatever was accepted is exactly one number: printing it back and
		 * parsing that gives the same value */
		snprintf(back, sizeof(back), "%llu", (unsigned long long)v);
		if (parse_u64(back, &v) != 0 || strtoull(back, NULL, 10) != v)
			abort();
	}
	free(s);
	return 0;
}
