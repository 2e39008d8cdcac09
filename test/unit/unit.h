/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal TAP producer for the unit tests: ok/not ok lines, exit = failures. */
#ifndef PMEMCTL_TEST_UNIT_H
#define PMEMCTL_TEST_UNIT_H
#include <stdio.h>

static int unit_run, unit_failed;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		unit_run++;                                                    \
		if (cond) {                                                    \
			printf("ok %d - ", unit_run);                          \
		} else {                                                       \
			unit_failed++;                                         \
			printf("not ok %d - %s:%d: ", unit_run, __FILE__, __LINE__); \
		}                                                              \
		printf(__VA_ARGS__);                                           \
		putchar('\n');                                                 \
	} while (0)

static inline int unit_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", unit_run, unit_run - unit_failed, unit_failed);
	return unit_failed ? 1 : 0;
}
#endif
