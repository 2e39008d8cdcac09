/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every command shares about its output: the table options lsblk and
 * lsmem users know (-o, --list-columns, --noheadings, --raw, --bytes, -J),
 * and util-linux's close_stdout model: output that could not be written is
 * one line on stderr and exit 1; a reader that went away (| head) is not an
 * error.
 */
#ifndef PMEMCTL_CMD_OUTPUT_H
#define PMEMCTL_CMD_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>

#include "util/table.h"

/* getopt values of the table options (OPT_TABLE_SPECS in cmd/options.h); long-only ones above any command's own */
enum {
	PM_OPT_OUTPUT = 'o',
	PM_OPT_JSON = 'J',
	PM_OPT_NOHEADINGS = 0x1000,
	PM_OPT_RAW,
	PM_OPT_BYTES,
	PM_OPT_LIST_COLUMNS,
};

/*
 * Handle table option @c (getopt's value) with @arg for @cmd: it selects
 * the table view, so *@table (the command's --human) is set. Returns 1 when
 * @c is not a table option, else EXIT_OK.
 */
int pm_table_option(const char *cmd, int c, const char *arg, bool *table);

/*
 * After parsing, before acting: -o checked against @cols (all columns of
 * the command's tables), --list-columns or -o help answered (exit 0), and
 * libsmartcols loaded if the command will print a table (one line and exit
 * 1 if it cannot be: before the command acts, not after).
 * Returns EXIT_OK, or EXIT_USAGE with one line.
 */
int pm_table_check(const char *cmd, const struct table_col *cols, size_t ncols);

/* opts_init(): the command's "print a table" flag, read by pm_table_check(). */
void pm_table_flag(const bool *table);

/* --list-columns or -o help was given: skip the checks that need a target. */
bool pm_table_listing(void);

/* At start: SIGPIPE ignored (a closed pipe is EPIPE), stdout checked at exit. */
void pm_output_begin(const char *cmd);
/* main's exit status once stdout is flushed and closed: one line and 1 on a write error. */
int pm_output_end(int rc);
/*
 * @prc, the result of printing a report (json_print, table_print or
 * json_out_end): non-zero only when the report could not be made whole (a
 * value lost to a failed allocation), which is then said in one line.
 */
int pm_printed(const char *cmd, int prc);
/* For long-running commands, after each line: stdout can take no more output. */
bool pm_stdout_failed(void);
#endif
