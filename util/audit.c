// SPDX-License-Identifier: GPL-2.0
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "util/audit.h"

/* The kernel's "no login session" value of /proc/self/loginuid. */
#define AUDIT_UID_UNSET 4294967295u

static const char *user_name(unsigned int uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	snprintf(buf, len, "%s", pw ? pw->pw_name : "?");
	return buf;
}

size_t audit_operator(char *buf, size_t len, const char *loginuid_path, const char *sudo_user)
{
	char name[64];
	unsigned int luid = AUDIT_UID_UNSET;
	size_t n = 0;
	FILE *f = loginuid_path ? fopen(loginuid_path, "re") : NULL;

	buf[0] = '\0';
	if (f) {
		if (fscanf(f, "%u", &luid) != 1)
			luid = AUDIT_UID_UNSET;
		fclose(f);
	}
	if (luid != AUDIT_UID_UNSET)
		n += (size_t)snprintf(buf + n, len - n, " loginuid=%u login=%s", luid,
				      user_name(luid, name, sizeof(name)));
	if (sudo_user && *sudo_user && n < len)
		n += (size_t)snprintf(buf + n, len - n, " sudo_user=%s", sudo_user);
	return n < len ? n : len - 1;
}

void audit(const char *cmd, const char *fmt, ...)
{
	char what[512], name[64], operator[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* under sudo or su, uid is 0: the login session and SUDO_USER name the person */
	audit_operator(operator, sizeof(operator), "/proc/self/loginuid", getenv("SUDO_USER"));
	openlog("pmemctl", LOG_PID, LOG_USER);
	syslog(LOG_NOTICE, "%s: uid=%u user=%s %s%s", cmd, (unsigned)getuid(),
	       user_name(getuid(), name, sizeof(name)), what, operator);
	closelog();
}
