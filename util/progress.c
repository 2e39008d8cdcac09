// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <unistd.h>

#include "util/progress.h"

void progress_init(struct progress *p, const char *what, bool quiet)
{
	p->on = !quiet && isatty(STDERR_FILENO);
	p->what = what;
}

void progress_tick(struct progress *p, unsigned int elapsed_s)
{
	static const char spin[] = "|/-\\";

	if (p->on)
		fprintf(stderr, "\r%c %s (%us)", spin[elapsed_s % 4], p->what, elapsed_s);
}

void progress_done(struct progress *p)
{
	if (p->on)
		fputs("\r\033[K", stderr);
}
