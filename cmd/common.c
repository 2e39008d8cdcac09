// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "lib/mount.h"
#include "util/strings.h"

volatile sig_atomic_t pm_stop;

static void on_stop_signal(int sig)
{
	(void)sig;
	pm_stop = 1;
}

void pm_catch_signals(void)
{
	/* no SA_RESTART: a blocking wait (poll, flock) returns EINTR */
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * One message, one line: user input inside it (a path with a newline, a
 * terminal escape) is printed with control characters as \xNN, so a script
 * reading stderr line by line sees exactly one line per message.
 */
static void vreport(const char *cmd, const char *kind, const char *fmt, va_list ap)
{
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "pmemctl%s%s: %s", cmd ? " " : "", cmd ? cmd : "", kind);
	for (const unsigned char *c = (const unsigned char *)msg; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			fprintf(stderr, "\\x%02x", *c);
		else
			fputc(*c, stderr);
	}
	fputc('\n', stderr);
}

void pm_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, "", fmt, ap);
	va_end(ap);
}

void pm_note(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cmd, "note: ", fmt, ap);
	va_end(ap);
}

int pm_parse_mode_opt(const char *cmd, const char *arg, enum pm_mode *mode)
{
	if (pm_mode_parse(arg, mode) == 0)
		return EXIT_OK;
	pm_error(cmd, "unknown mode '%s' (raw, fsdax, devdax or sector)", arg);
	return EXIT_USAGE;
}

int pm_parse_files_opt(const char *cmd, const char *arg, enum pm_owner_method *method)
{
	static const struct { const char *name; enum pm_owner_method m; } names[] = {
		{ "auto", PM_METHOD_AUTO }, { "getfsmap", PM_METHOD_GETFSMAP }, { "fiemap", PM_METHOD_FIEMAP },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!arg || !strcmp(arg, names[i].name)) {
			*method = names[i].m;
			return EXIT_OK;
		}
	pm_error(cmd, "unknown --files method '%s' (auto, getfsmap or fiemap)", arg);
	return EXIT_USAGE;
}

int pm_ndctl_open(const char *cmd, struct ndctl_ctx **ctx)
{
	int rc = ndctl_new(ctx);

	if (rc) {
		pm_error(cmd, "cannot initialise libndctl: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	/*
	 * libndctl logs at LOG_ERR by default, e.g. "failed to open
	 * /dev/ndctl0" when DSMs are unavailable to non-root users. pmemctl
	 * turns such conditions into its own notes, so keep the library quiet
	 * unless the user asks for its log with NDCTL_LOG.
	 */
	if (!getenv("NDCTL_LOG"))
		ndctl_set_log_priority(*ctx, LOG_CRIT);
	return EXIT_OK;
}

int pm_file_device(const char *cmd, const char *file, char *dev, size_t len)
{
	int rc = pm_device_of_file(file, dev, len);

	if (!rc)
		return EXIT_OK;
	pm_error(cmd, "%s: %s", file, rc == -EINVAL ? "not a regular file" :
		 rc == -ENODEV ? "not on a block device" : strerror(-rc));
	/* a directory or a missing file is a wrong argument; a file elsewhere matches no device */
	return rc == -EINVAL || rc == -ENOENT ? EXIT_USAGE : rc == -ENODEV ? EXIT_NOMATCH : EXIT_FAIL;
}
