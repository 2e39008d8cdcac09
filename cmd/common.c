// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
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

int pm_parse_number(const char *cmd, const char *opt, const char *arg, unsigned long long *out)
{
	uint64_t v;
	int rc = parse_u64(arg, &v);

	if (rc == -ERANGE) {
		pm_error(cmd, "%s: '%s' is too large", opt, arg);
		return EXIT_USAGE;
	}
	if (rc) {
		pm_error(cmd, "%s: '%s' is not a number (decimal or 0x hex)", opt, arg);
		return EXIT_USAGE;
	}
	*out = v;
	return EXIT_OK;
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

int pm_bad_option(const char *cmd, char **argv, int opt_index, int optopt_char,
		  const char *usage)
{
	/* one line, like every other error; the usage is one -h away */
	(void)usage;
	if (optopt_char)
		pm_error(cmd, "invalid option or missing argument: '-%c' (see 'pmemctl %s -h')", optopt_char, cmd);
	else
		pm_error(cmd, "invalid option or missing argument: '%s' (see 'pmemctl %s -h')",
			 argv[opt_index - 1], cmd);
	return EXIT_USAGE;
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

void pm_list_opts(int argc, char **argv, const struct option *longopts)
{
	if (argc != 2 || strcmp(argv[1], "--list-opts"))
		return;
	for (const struct option *o = longopts; o->name; o++)
		printf("--%s%s\n", o->name, o->has_arg == required_argument ? "=" : "");
	exit(EXIT_OK);
}

int pm_no_more_args(const char *cmd, int argc, char **argv)
{
	if (optind >= argc)
		return EXIT_OK;
	pm_error(cmd, "unexpected argument '%s' (see 'pmemctl %s -h')", argv[optind], cmd);
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
