// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl: manage memory poison on Linux persistent memory.
 * The dispatcher: global options and the table of subcommands.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "lib/mount.h"
#include "util/lazylib.h"

static const struct cmd_struct commands[] = {
	{ "list-poison", cmd_list_poison, 0,
	  "list poisoned ranges of buses, regions and namespaces" },
	{ "inject", cmd_inject, CMD_NEEDS_ROOT | CMD_DESTRUCTIVE,
	  "inject, uninject or list platform error injections" },
	{ "recover", cmd_recover, CMD_NEEDS_ROOT | CMD_DESTRUCTIVE,
	  "clear poison by recovery writes, keeping every good byte" },
	{ "monitor", cmd_monitor, 0,
	  "poison and scrub events as JSON lines, event-driven" },
	{ "salvage", cmd_salvage, 0,
	  "copy what is still readable from a poisoned file or device" },
	{ "scrub", cmd_scrub, 0,
	  "start Address Range Scrub, wait for it, show its state" },
	{ "unbind", cmd_unbind, CMD_NEEDS_ROOT | CMD_DESTRUCTIVE,
	  "unbind a pmem device through the pre-remove path, with a pre-flight" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage_text[] =
	"usage: pmemctl [--version] [--help] [--list-cmds] <command> [<args>]\n"
	"       pmemctl help <command>\n";

static void print_usage(FILE *f)
{
	fputs(usage_text, f);
	fputs("\ncommands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-14s %s%s%s\n", commands[i].name, commands[i].summary,
			commands[i].flags & CMD_NEEDS_ROOT ? " [root]" : "",
			commands[i].flags & CMD_DESTRUCTIVE ? " [destructive]" : "");
	fputs("\nSee 'pmemctl help <command>' for a command's manual.\n", f);
}

static const struct cmd_struct *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* What ndctl calls these, and pmemctl's spelling. */
static const struct { const char *ndctl, *pmemctl; } ndctl_commands[] = {
	{ "list", "pmemctl list-poison" },
	{ "inject-error", "pmemctl inject" },
	{ "start-scrub", "pmemctl scrub --start" },
	{ "wait-scrub", "pmemctl scrub --wait" },
	{ "clear-errors", "pmemctl recover" },
};

static int unknown_command(const char *name)
{
	for (size_t i = 0; i < sizeof(ndctl_commands) / sizeof(ndctl_commands[0]); i++)
		if (!strcmp(name, ndctl_commands[i].ndctl)) {
			pm_error(NULL, "unknown command: '%s': pmemctl's spelling is '%s' "
				 "(see 'Coming from ndctl' in pmemctl(1))", name, ndctl_commands[i].pmemctl);
			return EXIT_USAGE;
		}
	pm_error(NULL, "unknown command: '%s' (see 'pmemctl --list-cmds')", name);
	return EXIT_USAGE;
}

/* Run man with @a1 @a2; its exit status, or -1 when it could not run. */
/*
 * man's output into a pipe or file passes through pmemctl's stdout, so that
 * a write that fails there is pmemctl's failure (man itself exits 0 when
 * its formatter could not write); a terminal gets man and its pager as is.
 */
static void copy_from(int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			fwrite(buf, 1, (size_t)n, stdout);	/* an error stays in stdout's flag */
	close(fd);
}

static int run_man(const char *a1, const char *a2)
{
	int status, fd[2] = { -1, -1 };
	bool through = !isatty(STDOUT_FILENO) && pipe2(fd, O_CLOEXEC) == 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);	/* man and its pager expect it */
		if (through)
			dup2(fd[1], STDOUT_FILENO);
		execlp("man", "man", a1, a2, (char *)NULL);
		_exit(127);
	}
	if (through) {
		close(fd[1]);
		if (pid > 0)
			copy_from(fd[0]);
		else
			close(fd[0]);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
}

/* From a build tree, the page built next to the binary: Documentation/PAGE.1. */
static bool built_page(const char *page, char *path, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	snprintf(path, len, "%s/Documentation/%s.1", exe, page);
	return access(path, R_OK) == 0;
}

/*
 * "pmemctl help CMD" opens the man page, as git and ndctl do: the build
 * tree's page when run from one, else the installed one; without either,
 * the command's option help. man's own exit codes never leak out.
 */
static int cmd_help(int argc, char **argv)
{
	const struct cmd_struct *c = NULL;
	char page[64] = "pmemctl", path[PATH_MAX + 64];
	char *help_argv[] = { NULL, "-h", NULL };

	if (argc > 2) {
		pm_error(NULL, "help takes one command name");
		return EXIT_USAGE;
	}
	if (argc == 2 && strcmp(argv[1], "help") && strcmp(argv[1], "version")) {
		c = find_command(argv[1]);
		if (!c)
			return unknown_command(argv[1]);
		snprintf(page, sizeof(page), "pmemctl-%s", argv[1]);
	}
	if (built_page(page, path, sizeof(path)) ? run_man("-l", path) == 0 : run_man(page, NULL) == 0)
		return EXIT_OK;
	pm_note(NULL, "no manual page %s(1) found; the option help follows", page);
	if (!c) {
		print_usage(stdout);
		return EXIT_OK;
	}
	help_argv[0] = (char *)c->name;
	return c->fn(2, help_argv);	/* prints the help and exits 0 */
}

static const struct cmd_struct *running;	/* the command run, for the lines said outside it */

int pm_may_act(void)
{
	/* --list-columns and -o help are answered by the table check, which needs nothing */
	if (!running || pm_table_listing())
		return EXIT_OK;
	if ((running->flags & CMD_NEEDS_ROOT) && geteuid() != 0) {
		pm_error(running->name, "must be run as root");
		return EXIT_PERM;
	}
	/*
	 * A destructive command asks libmount whether its device is in use,
	 * maybe after it has acted on another part: loaded before it begins.
	 */
	if ((running->flags & CMD_DESTRUCTIVE) && pm_mount_require())
		return EXIT_FAIL;
	return EXIT_OK;
}

static int dispatch(int argc, char **argv)
{
	const struct cmd_struct *c;

	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("%s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--list-cmds") == 0) {
		for (size_t i = 0; i < NCOMMANDS; i++)
			printf("%s\n", commands[i].name);
		puts("help\nversion");
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (argv[1][0] == '-') {
		pm_error(NULL, "unknown option: '%s' (see 'pmemctl --help')", argv[1]);
		return EXIT_USAGE;
	}
	c = find_command(argv[1]);
	if (!c)
		return unknown_command(argv[1]);
	return c->fn(argc - 1, argv + 1);
}

/*
 * A library loaded on demand (util/lazylib.h: libmount, libsmartcols,
 * libsystemd) cannot be: only the path that needs it fails, with one line
 * and exit status 1, wherever the need came up (lib/ cannot mistake it for
 * "not mounted" if it never returns).
 */
static void library_missing(const struct lazylib *lib)
{
	pm_error(running ? running->name : NULL, "cannot load %s (for %s): %s", lib->soname, lib->feature, lib->why);
	exit(pm_output_end(EXIT_FAIL));
}

/* Every command's output is checked in one place, once it has returned. */
int main(int argc, char **argv)
{
	running = argc > 1 ? find_command(argv[1]) : NULL;
	lazylib_on_failure(library_missing);
	pm_output_begin(running ? running->name : NULL);
	return pm_output_end(dispatch(argc, argv));
}
