/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One declarative option table per command. It drives getopt_long, -h (a
 * line per option), --list-opts and --list-values (what shell completion
 * offers), the checks that options exclude each other, and the test that
 * each man page's OPTIONS list exactly these options.
 */
#ifndef PMEMCTL_CMD_OPTIONS_H
#define PMEMCTL_CMD_OPTIONS_H
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

/* The longest wait any --timeout or --wait takes: 365 days, in seconds. */
#define PM_MAX_SECONDS (365ULL * 24 * 3600)

enum opt_kind {
	OPT_FLAG,	/* no argument */
	OPT_NAME,	/* a device name; values: what completes it (bus, region, namespace, device) */
	OPT_PATH,	/* a file name */
	OPT_WORD,	/* a word the command checks itself; values: what completion offers
			 * (@columns: a comma-separated list of --list-columns' names) */
	OPT_NUMBER,	/* decimal or 0x hex, in p->num */
	OPT_SIZE,	/* bytes: a number with an optional K/M/G/T suffix, in p->num */
	OPT_SECONDS,	/* a number of seconds up to PM_MAX_SECONDS, in p->num */
	OPT_CHOICE,	/* one of values (blank-separated) */
	OPT_CHOICE_OPTIONAL,	/* --name or --name=VALUE, VALUE one of values */
};

struct opt_spec {
	int id;			/* the short option letter, or a number >= 256 for a long-only option */
	const char *name;	/* the long name */
	enum opt_kind kind;
	const char *arg;	/* the argument's name in -h, e.g. "NAMESPACE" */
	const char *values;	/* OPT_CHOICE*: the allowed values; OPT_NAME: the kind of name */
	const char *help;	/* one line */
	const char *excludes;	/* long names (blank-separated) it does not combine with */
};

/* Spellings from another tool (ndctl) and what to say when one is used. */
struct opt_hint {
	const char *spellings;	/* blank-separated: "-M --media-errors" */
	const char *hint;	/* "pmemctl list-poison lists media errors without an option" */
};

struct opt_cmd {
	const char *name;		/* "list-poison" */
	const char *usage;		/* the synopsis, printed first by -h */
	const struct opt_spec *opts;	/* ends with an all-zero entry; -h/--help is implied */
	const struct opt_hint *hints;	/* NULL, or ends with an all-zero entry */
	const char *stray;		/* NULL, or what to say of an argument left over (an ndctl habit) */
};

/* -u/--human, as every table command spells it */
#define OPT_HUMAN_SPEC { 'u', "human", OPT_FLAG, NULL, NULL, "a table instead of JSON", NULL }

/* The table options of cmd/output.h (lsblk's -o, --noheadings, ...), for a table command's specs. */
#define OPT_TABLE_SPECS \
	{ PM_OPT_OUTPUT, "output", OPT_WORD, "COLUMNS", "@columns", \
	  "table columns: COL,... or +COL ('help' lists them)", NULL }, \
	{ PM_OPT_LIST_COLUMNS, "list-columns", OPT_FLAG, NULL, NULL, "list the table's columns and exit", NULL }, \
	{ PM_OPT_NOHEADINGS, "noheadings", OPT_FLAG, NULL, NULL, "table without its header line", NULL }, \
	{ PM_OPT_RAW, "raw", OPT_FLAG, NULL, NULL, "table with single spaces, no alignment", NULL }, \
	{ PM_OPT_BYTES, "bytes", OPT_FLAG, NULL, NULL, "sizes in the table as exact bytes", NULL }, \
	{ PM_OPT_JSON, "json", OPT_FLAG, NULL, NULL, "the table (its -o columns) as JSON", NULL }

#define OPT_MAX 32

struct opt_parser {
	const struct opt_cmd *cmd;
	int argc;
	char **argv;
	const char *arg;	/* the current option's argument, NULL when none */
	uint64_t num;		/* its value for OPT_NUMBER, OPT_SIZE, OPT_SECONDS */
	bool seen[OPT_MAX];	/* which options were given */
	int rc;			/* EXIT_USAGE once an error was reported */
	bool *table;		/* set by the table options, which opts_next() handles; NULL: no table */
	struct option longopts[OPT_MAX + 2];
	char shortopts[2 * OPT_MAX + 4];
};

/*
 * Set up @p for @argc/@argv. Answers --list-opts and --list-values itself
 * (and exits): they need no root and touch no device. @table: the command's
 * "print a table" flag, which the table options (OPT_TABLE_SPECS) set;
 * opts_next() takes those options itself. NULL for a command without a table.
 */
void opts_init(struct opt_parser *p, const struct opt_cmd *cmd, int argc, char **argv, bool *table);

/*
 * The id of the next option, its argument checked and parsed into p->arg and
 * p->num; -h prints the help and exits. -1 at the end of the options or after
 * an error (one line printed, p->rc = EXIT_USAGE).
 */
int opts_next(struct opt_parser *p);

/* After the loop: EXIT_USAGE (one line printed) if options exclude each other, else p->rc. */
int opts_done(struct opt_parser *p);

/* After the loop, for a command that takes no arguments: one line and EXIT_USAGE for any. */
int opts_no_args(struct opt_parser *p);

/* Whether option @name was given. */
bool opts_given(const struct opt_parser *p, const char *name);

/* What to say to someone typing @spelling (an ndctl habit), or NULL. */
const char *opts_hint(const struct opt_cmd *cmd, const char *spelling);
#endif
