// SPDX-License-Identifier: GPL-2.0
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

#include "util/audit.h"

void audit(const char *cmd, const char *fmt, ...)
{
	struct passwd *pw = getpwuid(getuid());
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	openlog("pmemctl", LOG_PID, LOG_USER);
	syslog(LOG_NOTICE, "%s: uid=%u user=%s %s", cmd, (unsigned)getuid(),
	       pw ? pw->pw_name : "?", what);
	closelog();
}
