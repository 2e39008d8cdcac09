// SPDX-License-Identifier: GPL-2.0
/* The audit line's real-operator fields: login uid and sudo's user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/audit.h"
#include "test/unit/unit.h"

static const char *loginuid_file(const char *content)
{
	static char path[] = "/tmp/pmemctl-test-loginuid-XXXXXX";
	int fd;

	strcpy(path, "/tmp/pmemctl-test-loginuid-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, content, strlen(content)) != (ssize_t)strlen(content))
		abort();
	close(fd);
	return path;
}

static const char *op(const char *loginuid, const char *sudo_user)
{
	static char buf[192];
	const char *path = loginuid ? loginuid_file(loginuid) : "/nonexistent/loginuid";

	audit_operator(buf, sizeof(buf), path, sudo_user);
	if (loginuid)
		unlink(path);
	return buf;
}

int main(void)
{
	CHECK(!strcmp(op("4294967295", NULL), ""), "no login session, no sudo: nothing added");
	CHECK(!strcmp(op(NULL, NULL), ""), "no loginuid file: nothing added");
	CHECK(!strcmp(op("0", NULL), " loginuid=0 login=root"), "a root login names root: '%s'", op("0", NULL));
	CHECK(!strcmp(op("4294967295", "alice"), " sudo_user=alice"), "sudo without a login session");
	CHECK(!strcmp(op("0", "alice"), " loginuid=0 login=root sudo_user=alice"), "both, in order");
	CHECK(!strcmp(op("garbage", NULL), ""), "an unreadable loginuid is taken as unset");
	CHECK(!strcmp(op("4294967295", ""), ""), "an empty SUDO_USER is ignored");
	return unit_done();
}
