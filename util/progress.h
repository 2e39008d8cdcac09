/* SPDX-License-Identifier: GPL-2.0 */
/* A one-line progress indicator on stderr, only when stderr is a terminal. */
#ifndef PMEMCTL_UTIL_PROGRESS_H
#define PMEMCTL_UTIL_PROGRESS_H
#include <stdbool.h>

struct progress {
	bool on;	/* stderr is a TTY and the user did not ask for --quiet */
	const char *what;
};

void progress_init(struct progress *p, const char *what, bool quiet);
void progress_tick(struct progress *p, unsigned int elapsed_s);
void progress_done(struct progress *p);
#endif
