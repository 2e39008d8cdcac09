// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/output.h"

static bool list_columns;
static const bool *table_wanted;	/* the command's "print a table" flag (opts_init) */

void pm_table_flag(const bool *table)
{
	table_wanted = table;
}

int pm_table_option(const char *cmd, int c, const char *arg, bool *table)
{
	switch (c) {
	case PM_OPT_OUTPUT:
		if (!strcmp(arg, "help"))
			list_columns = true;
		else
			table_shape.output = arg;
		break;
	case PM_OPT_LIST_COLUMNS: list_columns = true; break;
	case PM_OPT_NOHEADINGS: table_shape.noheadings = true; break;
	case PM_OPT_RAW: table_shape.raw = true; break;
	case PM_OPT_BYTES: table_shape.bytes = true; break;
	case PM_OPT_JSON: table_shape.json = true; break;
	default: return 1;
	}
	table_shape.name = cmd;
	*table = true;
	return EXIT_OK;
}

bool pm_table_listing(void)
{
	return list_columns;
}

int pm_table_check(const char *cmd, const struct table_col *cols, size_t ncols)
{
	char bad[64];

	if (list_columns) {
		table_list_columns(stdout, cols, ncols);
		exit(EXIT_OK);
	}
	if (table_check_output(cols, ncols, bad, sizeof(bad)) != 0)
		goto bad_column;
	/*
	 * libsmartcols is loaded on demand: a command that prints its table
	 * after it acts (inject, recover, unbind...) must not find it missing
	 * then, so it is loaded here, before the command does anything.
	 */
	if (table_wanted && *table_wanted && table_require())
		return EXIT_FAIL;
	return EXIT_OK;
bad_column:
	pm_error(cmd, "--output: unknown column '%s' (see 'pmemctl %s --list-columns')", bad, cmd);
	return EXIT_USAGE;
}

/* ------------------------------------------------------------ close_stdout */

static const char *out_cmd;
static bool out_closed;

/* A pipe or socket whose reader is gone: poll() says POLLERR for a writer. */
static bool reader_gone(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

/*
 * 0, EPIPE for a reader that went away, the errno of the failed write, or
 * -1 when a write failed earlier (stdout's error flag) and its errno is
 * gone: stdio keeps the flag, not the reason.
 */
static int close_stdout(void)
{
	bool failed = ferror(stdout);
	int err = 0;

	errno = 0;
	if (fflush(stdout) == EOF) {
		failed = true;
		err = errno;
	}
	if (failed && (err == EPIPE || reader_gone(STDOUT_FILENO)))
		err = EPIPE;
	if (fclose(stdout) == EOF && !failed) {
		failed = true;
		err = errno;
	}
	return failed ? (err ? err : -1) : 0;
}

int pm_output_end(int rc)
{
	int err;

	if (out_closed)
		return rc;
	out_closed = true;
	err = close_stdout();
	if (!err || err == EPIPE)
		return rc;
	if (err < 0)	/* never a reason that may be wrong */
		pm_error(out_cmd, "write error on standard output");
	else
		pm_error(out_cmd, "write error on standard output: %s", strerror(err));
	return rc ? rc : EXIT_FAIL;
}

/* exit() from option parsing (-h, --list-opts, --list-columns) is success */
static void output_end_at_exit(void)
{
	int rc = pm_output_end(EXIT_OK);

	if (rc)
		_exit(rc);
}

void pm_output_begin(const char *cmd)
{
	out_cmd = cmd;
	signal(SIGPIPE, SIG_IGN);
	atexit(output_end_at_exit);
}

bool pm_stdout_failed(void)
{
	return fflush(stdout) == EOF || ferror(stdout);
}

int pm_printed(const char *cmd, int prc)
{
	if (prc)
		pm_error(cmd, "out of memory building the output");
	return prc;
}
