// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl: manage memory poison on Linux persistent memory.
 * The dispatcher: global options and the table of subcommands.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/output.h"

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

/* "pmemctl help CMD" opens the man page, as git and ndctl do. */
static int cmd_help(int argc, char **argv)
{
	char page[64] = "pmemctl";

	if (argc > 2) {
		pm_error(NULL, "help takes one command name");
		return EXIT_USAGE;
	}
	if (argc == 2) {
		if (!find_command(argv[1])) {
			pm_error(NULL, "no such command: '%s' (see 'pmemctl --list-cmds')", argv[1]);
			return EXIT_USAGE;
		}
		snprintf(page, sizeof(page), "pmemctl-%s", argv[1]);
	}
	signal(SIGPIPE, SIG_DFL);	/* man and its pager expect it */
	execlp("man", "man", page, (char *)NULL);
	pm_error(NULL, "cannot run man for %s: %s", page, strerror(errno));
	return EXIT_FAIL;
}

static int run_command(const struct cmd_struct *c, int argc, char **argv)
{
	/* help and the option list need no privilege */
	bool asks = argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
				  !strcmp(argv[1], "--list-opts"));

	if ((c->flags & CMD_NEEDS_ROOT) && geteuid() != 0 && !asks) {
		pm_error(c->name, "must be run as root");
		return EXIT_PERM;
	}
	return c->fn(argc, argv);
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
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (argv[1][0] == '-') {
		pm_error(NULL, "unknown option: '%s' (see 'pmemctl --help')", argv[1]);
		return EXIT_USAGE;
	}
	c = find_command(argv[1]);
	if (!c) {
		pm_error(NULL, "unknown command: '%s' (see 'pmemctl --list-cmds')", argv[1]);
		return EXIT_USAGE;
	}
	return run_command(c, argc - 1, argv + 1);
}

/* Every command's output is checked in one place, once it has returned. */
int main(int argc, char **argv)
{
	const struct cmd_struct *c = argc > 1 ? find_command(argv[1]) : NULL;

	pm_output_begin(c ? c->name : NULL);
	return pm_output_end(dispatch(argc, argv));
}
