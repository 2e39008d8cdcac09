/* SPDX-License-Identifier: GPL-2.0 */
/* What every subcommand shares: its signature, exit codes, error reporting. */
#ifndef PMEMCTL_CMD_BUILTIN_H
#define PMEMCTL_CMD_BUILTIN_H
#include <stdbool.h>

#include "lib/namespace.h"
#include "lib/owners.h"

/* Exit codes, documented in pmemctl(1). Never an errno: it would be truncated. */
enum pmemctl_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed (kernel or library error) */
	EXIT_USAGE = 2,		/* unknown command or option, malformed argument */
	EXIT_NOMATCH = 3,	/* a device filter matched nothing */
	EXIT_PERM = 4,		/* the command needs root */
	EXIT_REFUSED = 5,	/* a safety check refused the device (use --force) or it lacks the feature */
	EXIT_INTERRUPTED = 130,	/* SIGINT/SIGTERM stopped the command; it reported what it did */
};

/* Per-command properties the dispatcher enforces or reports. */
enum cmd_flags {
	CMD_NEEDS_ROOT = 1 << 0,	/* refused for non-root users */
	CMD_DESTRUCTIVE = 1 << 1,	/* changes device contents or state */
};

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned int flags;
	const char *summary;
};

int cmd_list_poison(int argc, char **argv);
int cmd_inject(int argc, char **argv);
int cmd_scrub(int argc, char **argv);
int cmd_recover(int argc, char **argv);
int cmd_salvage(int argc, char **argv);
int cmd_unbind(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* "pmemctl CMD: message" on stderr, one line. */
void pm_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pm_note(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * After parsing, before a command that needs root or changes devices acts:
 * exit 4 with one line for a user who is not root, 1 when libmount (to see
 * whether a device is in use) cannot be loaded. So a usage error is 2 for
 * everyone, and -h, --list-opts, --list-values and --list-columns need no
 * privilege. EXIT_OK for the other commands.
 */
int pm_may_act(void);

/* Set by SIGINT/SIGTERM once pm_catch_signals() ran; system calls are not restarted. */
#include <signal.h>
extern volatile sig_atomic_t pm_stop;
void pm_catch_signals(void);

/* -m MODE and --files[=METHOD], shared by list-poison and monitor: one line on error. */
int pm_parse_mode_opt(const char *cmd, const char *arg, enum pm_mode *mode);
int pm_parse_files_opt(const char *cmd, const char *arg, enum pm_owner_method *method);

/*
 * The block device under --file (a regular file), in @dev; on error one line
 * and the exit code every command gives for it: 2 for a directory or a
 * missing file, 3 for a file on no block device, 1 otherwise.
 */
#include <stddef.h>
int pm_file_device(const char *cmd, const char *file, char *dev, size_t len);

struct ndctl_ctx;
/* A libndctl context whose own logging stays quiet unless NDCTL_LOG asks. */
int pm_ndctl_open(const char *cmd, struct ndctl_ctx **ctx);
#endif
