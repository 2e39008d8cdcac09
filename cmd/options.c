// SPDX-License-Identifier: GPL-2.0
/* The option tables at work: getopt_long, -h, --list-opts, --list-values, checks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "util/strings.h"

#define OPT_HELP 'h'

static const struct opt_spec help_spec = { 'h', "help", OPT_FLAG, NULL, NULL, "show this help", NULL };

static bool has_arg(const struct opt_spec *s)
{
	return s->kind != OPT_FLAG;
}

/* Step *@v to its next blank-separated word, its length in *@len; false at the end. */
static bool next_word(const char **v, size_t *len)
{
	*v += strspn(*v, " ");
	*len = strcspn(*v, " ");
	return *len > 0;
}

static const struct opt_spec *find_id(const struct opt_cmd *cmd, int id)
{
	for (const struct opt_spec *s = cmd->opts; s->name; s++)
		if (s->id == id)
			return s;
	return id == OPT_HELP ? &help_spec : NULL;
}

/* "-m", "--mode", "--mode=x" or "mode": its spec. */
static const struct opt_spec *find_spelling(const struct opt_cmd *cmd, const char *word)
{
	size_t n;

	if (word[0] == '-' && word[1] && word[1] != '-' && !word[2])
		return find_id(cmd, (unsigned char)word[1]);
	word += strspn(word, "-");
	n = strcspn(word, "=");
	for (const struct opt_spec *s = cmd->opts; s->name; s++)
		if (strlen(s->name) == n && !strncmp(s->name, word, n))
			return s;
	return NULL;
}

/* "--name" for options that take no argument or an optional one, "--name=" otherwise. */
static void list_opts(const struct opt_cmd *cmd)
{
	for (const struct opt_spec *s = cmd->opts; s->name; s++)
		printf("--%s%s\n", s->name, has_arg(s) && s->kind != OPT_CHOICE_OPTIONAL ? "=" : "");
	puts("--help");
}

/*
 * What completes an option's argument: its words, or @KIND for names and
 * files; nothing for a number. Exit 1 for an option that takes no separate
 * argument (a flag, or --files whose METHOD must follow an '=').
 */
static int list_values(const struct opt_cmd *cmd, const char *opt)
{
	const struct opt_spec *s = find_spelling(cmd, opt);
	size_t n;

	if (!s) {
		pm_error(cmd->name, "unknown option '%s' (see 'pmemctl %s -h')", opt, cmd->name);
		return EXIT_USAGE;
	}
	if (s->kind == OPT_FLAG || (s->kind == OPT_CHOICE_OPTIONAL && !strchr(opt, '=')))
		return EXIT_FAIL;
	if (s->kind == OPT_PATH)
		puts("@file");
	else if (s->kind == OPT_NAME)
		printf("@%s\n", s->values);
	else if (s->values)
		for (const char *v = s->values; next_word(&v, &n); v += n)
			printf("%.*s\n", (int)n, v);
	return EXIT_OK;
}

static void help_line(const struct opt_spec *s)
{
	char left[64];
	int n;

	n = snprintf(left, sizeof(left), "  %c%c%s--%s", s->id < 256 ? '-' : ' ',
		     s->id < 256 ? s->id : ' ', s->id < 256 ? ", " : "  ", s->name);
	if (s->kind == OPT_CHOICE_OPTIONAL)
		snprintf(left + n, sizeof(left) - n, "[=%s]", s->arg);
	else if (has_arg(s))
		snprintf(left + n, sizeof(left) - n, "=%s", s->arg);
	printf("%-28s %s\n", left, s->help);
}

static void print_help(const struct opt_cmd *cmd)
{
	fputs(cmd->usage, stdout);
	putchar('\n');
	for (const struct opt_spec *s = cmd->opts; s->name; s++)
		help_line(s);
	help_line(&help_spec);
}

void opts_init(struct opt_parser *p, const struct opt_cmd *cmd, int argc, char **argv, bool *table)
{
	const struct opt_spec *s;
	char *so = p->shortopts;
	int i = 0;

	*p = (struct opt_parser){ .cmd = cmd, .argc = argc, .argv = argv, .table = table };
	pm_table_flag(table);
	if (argc == 2 && !strcmp(argv[1], "--list-opts")) {
		list_opts(cmd);
		exit(EXIT_OK);
	}
	if (argc == 3 && !strcmp(argv[1], "--list-values"))
		exit(list_values(cmd, argv[2]));
	*so++ = ':';	/* report a missing argument apart from an unknown option */
	for (s = cmd->opts; s->name; s++, i++) {
		if (i == OPT_MAX) {	/* a table too long for struct opt_parser: a bug, said at once */
			pm_error(cmd->name, "more than %d options: raise OPT_MAX", OPT_MAX);
			exit(EXIT_FAIL);
		}
		p->longopts[i] = (struct option){ s->name, !has_arg(s) ? no_argument :
			s->kind == OPT_CHOICE_OPTIONAL ? optional_argument : required_argument, NULL, s->id };
		if (s->id < 256) {
			*so++ = (char)s->id;
			if (has_arg(s))
				*so++ = ':';
			if (s->kind == OPT_CHOICE_OPTIONAL)
				*so++ = ':';	/* "m::": the value only attached, -mVALUE */
		}
	}
	p->longopts[i] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	*so++ = 'h';
	*so = '\0';
	opterr = 0;
	optind = 1;
}

/* The option as typed: "--format" from "--format=x", or "-n" for a short one. */
static const char *typed(const struct opt_parser *p, const struct opt_spec *s, char *buf, size_t len)
{
	const char *w = p->argv[optind - 1];

	if (s && w && !strncmp(w, "--", 2)) {
		snprintf(buf, len, "%.*s", (int)strcspn(w, "="), w);
		return buf;
	}
	if (s)
		snprintf(buf, len, "-%c", s->id);
	else if (optopt)
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%.*s", (int)strcspn(w, "="), w);
	return buf;
}

static int usage_error(struct opt_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(struct opt_parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pm_error(p->cmd->name, "%s (see 'pmemctl %s -h')", msg, p->cmd->name);
	p->rc = EXIT_USAGE;
	return -1;
}

static int bad_option(struct opt_parser *p, int c)
{
	const struct opt_spec *s = optopt ? find_id(p->cmd, optopt) : NULL;
	char buf[128];
	const char *word = typed(p, s, buf, sizeof(buf)), *hint;

	if (c == ':')
		return usage_error(p, "option '%s' needs an argument", word);
	if (s)	/* a known long option given "=value" though it takes none */
		return usage_error(p, "option '%s' takes no argument", word);
	hint = opts_hint(p->cmd, word);
	if (hint) {
		pm_error(p->cmd->name, "unknown option '%s': %s", word, hint);
		p->rc = EXIT_USAGE;
		return -1;
	}
	return usage_error(p, "unknown option '%s'", word);
}

static bool is_choice(const char *values, const char *arg)
{
	size_t n;

	for (const char *v = values; next_word(&v, &n); v += n)
		if (n == strlen(arg) && !strncmp(v, arg, n))
			return true;
	return false;
}

/* Check and parse the argument of @s; -1 after one line of error. */
static int check_arg(struct opt_parser *p, const struct opt_spec *s)
{
	char name[80];
	int rc = 0;

	snprintf(name, sizeof(name), "--%s", s->name);
	if (!p->arg)
		return 0;	/* an optional argument left out */
	switch (s->kind) {
	case OPT_NUMBER:
		rc = parse_u64(p->arg, &p->num);
		break;
	case OPT_SECONDS:
		rc = parse_u64(p->arg, &p->num);
		if (!rc && p->num > PM_MAX_SECONDS)
			return usage_error(p, "%s: '%s' is beyond the maximum of %llu seconds (365 days)",
					   name, p->arg, PM_MAX_SECONDS);
		break;
	case OPT_SIZE:
		rc = parse_size(p->arg, &p->num);
		if (rc == -EINVAL)
			return usage_error(p, "%s: '%s' is not a size (bytes: decimal or 0x hex, "
					   "with an optional K, M, G, T, P or E suffix)", name, p->arg);
		break;
	case OPT_CHOICE:
	case OPT_CHOICE_OPTIONAL:
		if (!is_choice(s->values, p->arg))
			return usage_error(p, "%s: unknown value '%s' (one of: %s)", name, p->arg, s->values);
		break;
	default:
		if (!*p->arg)
			return usage_error(p, "option '%s' needs a non-empty argument", name);
	}
	if (rc == -ERANGE)
		return usage_error(p, "%s: '%s' is too large", name, p->arg);
	if (rc)
		return usage_error(p, "%s: '%s' is not a number (decimal or 0x hex)", name, p->arg);
	return 0;
}

static int next_option(struct opt_parser *p)
{
	const struct opt_spec *s;
	int c;

	if (p->rc)
		return -1;
	c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
	if (c == -1)
		return -1;
	s = find_id(p->cmd, c);
	if (c == ':' || c == '?' || !s)
		return bad_option(p, c);
	if (c == OPT_HELP) {
		print_help(p->cmd);
		exit(EXIT_OK);
	}
	p->arg = optarg;
	p->num = 0;
	if (check_arg(p, s))
		return -1;
	p->seen[s - p->cmd->opts] = true;
	return c;
}

int opts_next(struct opt_parser *p)
{
	int c;

	do
		c = next_option(p);
	while (c != -1 && p->table && pm_table_option(p->cmd->name, c, p->arg, p->table) == EXIT_OK);
	return c;
}

bool opts_given(const struct opt_parser *p, const char *name)
{
	const struct opt_spec *s = find_spelling(p->cmd, name);

	return s && s != &help_spec && p->seen[s - p->cmd->opts];
}

int opts_done(struct opt_parser *p)
{
	if (p->rc)
		return p->rc;
	for (const struct opt_spec *s = p->cmd->opts; s->name; s++) {
		size_t n;

		if (!s->excludes || !opts_given(p, s->name))
			continue;
		for (const char *v = s->excludes; next_word(&v, &n); v += n) {
			char other[64];

			snprintf(other, sizeof(other), "%.*s", (int)n, v);
			if (opts_given(p, other)) {
				pm_error(p->cmd->name, "--%s and --%s do not combine (see 'pmemctl %s -h')",
					 s->name, other, p->cmd->name);
				return p->rc = EXIT_USAGE;
			}
		}
	}
	return EXIT_OK;
}

int opts_no_args(struct opt_parser *p)
{
	if (optind >= p->argc)
		return EXIT_OK;
	if (p->cmd->stray)
		pm_error(p->cmd->name, "unexpected argument '%s': %s", p->argv[optind], p->cmd->stray);
	else
		pm_error(p->cmd->name, "unexpected argument '%s' (see 'pmemctl %s -h')", p->argv[optind],
			 p->cmd->name);
	return p->rc = EXIT_USAGE;
}

const char *opts_hint(const struct opt_cmd *cmd, const char *spelling)
{
	for (const struct opt_hint *h = cmd->hints; h && h->spellings; h++)
		if (is_choice(h->spellings, spelling))
			return h->hint;
	return NULL;
}
