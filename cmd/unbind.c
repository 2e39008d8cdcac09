// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl unbind: take a pmem device away from its driver through the
 * kernel's pre-remove notification path, after a pre-flight that says what
 * is on the device and what will happen to it; report what did happen.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/options.h"
#include "cmd/words.h"
#include "lib/unbind.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/table.h"

#define CMD "unbind"
#define MAX_LOG_LINES 64

static const char usage[] =
	"usage: pmemctl unbind DEVICE [--force] [--rebind] [--wait SECONDS]\n"
	"                      [--unsafe-old-kernel] [--human]\n"
	"                      [-o COLUMNS|--list-columns] [--noheadings] [--raw] [-J]\n"
	"  DEVICE: namespaceX.Y, pmemN, pfnX.Y or daxX.Y; without --force, a dry run\n";

struct unbind_opts {
	const char *name;
	bool force, rebind, unsafe, human;
	unsigned long long wait;
};

enum { OPT_REBIND = 256, OPT_UNSAFE, OPT_WAIT };

static const struct table_col proc_cols[] = {
	{ "pid", "PID", TABLE_TEXT, 1 },
	{ "comm", "COMMAND", TABLE_TEXT, 0 },
	{ "maps", "MAPS", TABLE_TEXT, 0 },
	{ "gone", "GONE", TABLE_TEXT, 0 },
	{ "signal", "SIGNAL", TABLE_TEXT, 0 },
	{ "paths", "PATHS", TABLE_LIST, 0 },
};

static const struct opt_spec opt_specs[] = {
	{ 'f', "force", OPT_FLAG, NULL, NULL, "unbind (without it: a dry run)", NULL },
	{ OPT_REBIND, "rebind", OPT_FLAG, NULL, NULL, "bind the driver again afterwards", NULL },
	{ OPT_WAIT, "wait", OPT_SECONDS, "SECONDS", NULL, "wait for mappers to exit", NULL },
	{ OPT_UNSAFE, "unsafe-old-kernel", OPT_FLAG, NULL, NULL, "even without the pre-remove path", NULL },
	{ 'u', "human", OPT_FLAG, NULL, NULL, "a summary instead of JSON", NULL },
	OPT_TABLE_SPECS,
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, NULL };

static int parse_args(int argc, char **argv, struct unbind_opts *o)
{
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, &o->human);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 'f': o->force = true; break;
		case OPT_REBIND: o->rebind = true; break;
		case OPT_UNSAFE: o->unsafe = true; break;
		case OPT_WAIT: o->wait = p.num; break;
		case 'u': o->human = true; break;
		}
	}
	if (opts_done(&p) || pm_table_check(CMD, proc_cols, TABLE_NCOLS(proc_cols)))
		return EXIT_USAGE;
	if (argc - optind != 1) {
		pm_error(CMD, "name one device (see 'pmemctl unbind -h')");
		return EXIT_USAGE;
	}
	o->name = argv[optind];
	if (!*o->name) {
		pm_error(CMD, "DEVICE must not be empty (see 'pmemctl unbind -h')");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------- words */

static const char *verdict_text(enum pm_unbind_verdict v)
{
	switch (v) {
	case PM_UNBIND_NOT_BOUND:
		return "not bound to a driver: nothing to unbind (--rebind binds it again)";
	case PM_UNBIND_SYSTEM_RAM:
		return "online as system RAM (kmem): offline that memory first";
	case PM_UNBIND_NOT_DAX_MOUNT:
		return "mounted without DAX: the block device would vanish under the filesystem; unmount it first";
	case PM_UNBIND_NO_HOLDER:
		return "the filesystem registers no DAX holder (only XFS with rmapbt does): nobody would be "
		       "told, processes mapping its files would go on using gone memory; unmount it first";
	case PM_UNBIND_OLD_KERNEL:
		return "this kernel has no pre-remove notification (MF_MEM_PRE_REMOVE, Linux 6.7): XFS reports "
		       "corruption, mappers are not told unless vm.memory_failure_early_kill=1, a later umount "
		       "can oops; unmount first, or --unsafe-old-kernel";
	default:
		return NULL;
	}
}

/* What will happen to each process and to the mount, in words. */
static struct json_object *expectations(const struct pm_unbind *u)
{
	struct json_object *a = json_object_new_array();
	char line[PATH_MAX + 512];

	if (u->mounted && u->k.pre_remove)
		snprintf(line, sizeof(line), "%s on %s: told before the device goes (pre-remove): freezes, "
			 "SIGBUS to every process mapping its DAX files, invalidates, shuts down; unmount it after",
			 u->mount.fstype, u->mount.point);
	else if (u->mounted)
		snprintf(line, sizeof(line), "%s on %s: no pre-remove notice on this kernel: reports corruption "
			 "and shuts down", u->mount.fstype, u->mount.point);
	else
		snprintf(line, sizeof(line), "/dev/%s goes away; nothing is mounted on it",
			 u->blockdev[0] ? u->blockdev : u->daxdev[0] ? u->daxdev : u->target);
	json_add_elem(a, json_object_new_string(line));
	for (size_t i = 0; i < u->nprocs; i++) {
		const struct pm_proc *p = &u->procs[i];

		if (p->maps && u->k.pre_remove)
			snprintf(line, sizeof(line), "pid %d (%s) maps files on it: SIGBUS (BUS_MCEERR_AO)",
				 (int)p->pid, p->comm);
		else if (p->maps)
			snprintf(line, sizeof(line), "pid %d (%s) maps files on it: %s", (int)p->pid, p->comm,
				 u->k.early_kill == 1 ? "SIGBUS (early kill is on)" :
				 "not signalled (vm.memory_failure_early_kill=0): it may read gone memory");
		else
			snprintf(line, sizeof(line), "pid %d (%s) has files on it open: its I/O fails with EIO",
				 (int)p->pid, p->comm);
		json_add_elem(a, json_object_new_string(line));
	}
	return a;
}

/* ---------------------------------------------------------------- report */

static struct json_object *strings(char *const *v, size_t n)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; a && i < n; i++)
		json_add_elem(a, json_object_new_string(v[i]));
	return a;
}

static struct json_object *procs_json(const struct pm_unbind *u, bool after)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < u->nprocs; i++) {
		const struct pm_proc *p = &u->procs[i];
		struct json_object *o = json_object_new_object();

		json_add_u64(o, "pid", true, (uint64_t)p->pid);
		json_add_str(o, "comm", p->comm);
		json_add_bool(o, "maps", p->maps);
		json_add_made(o, "paths", strings(p->paths, p->npaths));
		if (after) {
			json_add_bool(o, "gone", p->gone);
			json_add_str(o, "signal", p->sigbus_logged ? "SIGBUS" : NULL);	/* seen in the kernel log */
		}
		json_add_elem(a, o);
	}
	return a;
}

static struct json_object *kernel_json(const struct pm_kernel *k)
{
	struct json_object *o = json_object_new_object();
	char why[256];

	snprintf(why, sizeof(why), "Linux %u.%u %s 6.7; memory_failure %s; xfs_dax_notify_failure %s",
		 k->major, k->minor, k->version_ok ? ">=" : "<", k->memory_failure ? "present" : "absent",
		 k->xfs_notify ? "present" : "absent (or xfs not loaded)");
	json_add_str(o, "release", k->release);
	json_add_bool(o, "pre_remove", k->pre_remove);
	json_add_str(o, "evidence", why);
	json_add_u64(o, "memory_failure_early_kill", k->early_kill >= 0, (uint64_t)k->early_kill);
	return o;
}

static struct json_object *mount_json(const struct pm_unbind *u)
{
	struct json_object *o;

	if (!u->mounted)
		return NULL;
	o = json_object_new_object();
	json_add_str(o, "point", u->mount.point);
	json_add_str(o, "fstype", u->mount.fstype);
	json_add_bool(o, "dax", u->mount.dax);
	json_add_known_bool(o, "rmapbt", u->rmapbt_known, u->rmapbt);
	return o;
}

static struct json_object *preflight(const struct pm_unbind *u, enum pm_unbind_verdict v)
{
	struct json_object *o = json_object_new_object();

	json_add_str(o, "device", u->blockdev[0] ? u->blockdev : u->daxdev[0] ? u->daxdev : NULL);
	json_add_str(o, "bound", u->target);
	json_add_str(o, "namespace", u->ns);
	json_add_str(o, "mode", pm_mode_name(u->mode));
	json_add_str(o, "driver", u->driver[0] ? u->driver : NULL);
	json_add_made(o, "kernel", kernel_json(&u->k));
	json_add_known(o, "filesystem", u->mounted, mount_json(u));	/* mount is a mount point elsewhere */
	json_add_made(o, "processes", procs_json(u, false));
	json_add_bool(o, "system_ram", u->system_ram);
	json_add_made(o, "expect", expectations(u));
	json_add_str(o, "refused", verdict_text(v));
	return o;
}

static const char *member(struct json_object *o, const char *k)
{
	struct json_object *v = json_object_object_get(o, k);

	return v ? json_object_get_string(v) : "-";
}

/* --human: the same report, as lines and a process table. */
static int print_human(struct json_object *r)
{
	struct json_object *k = json_object_object_get(r, "kernel"), *m = json_object_object_get(r, "filesystem");
	struct json_object *a, *res = json_object_object_get(r, "outcome");

	if (json_lost_take())	/* not lines with a value missing */
		return -1;
	if (table_shape.json)	/* -J: the process table alone, so that it stays JSON */
		return table_print(stdout, json_object_object_get(res ? res : r, "processes"), proc_cols,
				   TABLE_NCOLS(proc_cols));

	printf("device:  %s (%s %s, driver %s, /dev/%s)\n", member(r, "bound"), member(r, "mode"),
	       member(r, "namespace"), member(r, "driver"), member(r, "device"));
	printf("kernel:  %s, pre-remove %s (%s)\n", member(k, "release"),
	       json_object_get_boolean(json_object_object_get(k, "pre_remove")) ? "yes" : "no",
	       member(k, "evidence"));
	if (m)
		printf("mount:   %s %s dax=%s rmapbt=%s\n", member(m, "point"), member(m, "fstype"),
		       member(m, "dax"), member(m, "rmapbt"));
	a = json_object_object_get(r, "expect");
	for (size_t i = 0; i < json_object_array_length(a); i++)
		printf("expect:  %s\n", json_object_get_string(json_object_array_get_idx(a, i)));
	if (strcmp(member(r, "refused"), "-"))
		printf("refused: %s\n", member(r, "refused"));
	if (res) {
		printf("result:  unbound=%s shut_down=%s rebound=%s\n", member(res, "unbound"),
		       member(res, "filesystem_shut_down"), member(res, "rebound"));
		a = json_object_object_get(res, "kernel_log");
		for (size_t i = 0; i < json_object_array_length(a); i++)
			printf("log:     %s\n", json_object_get_string(json_object_array_get_idx(a, i)));
	}
	a = json_object_object_get(res ? res : r, "processes");
	return table_print(stdout, a, proc_cols, TABLE_NCOLS(proc_cols));
}

/* ---------------------------------------------------------------- action */

/* A shut-down XFS fails stat() with EIO; the mount point of a live one answers. */
static const char *fs_state(const struct pm_unbind *u)
{
	struct stat st;

	if (!u->mounted)
		return NULL;
	if (stat(u->mount.point, &st) == 0)
		return "false";
	return errno == EIO ? "true" : strerror(errno);
}

/* libndctl binds the driver that fits the device (pfn, dax, btt or namespace). */
static int do_rebind(struct ndctl_ctx *ctx, struct pm_unbind *u, struct json_object *res)
{
	int rc = pm_unbind_rebind(ctx, u);

	audit(CMD, "rebind device=%s driver=%s result=%s", u->target, rc ? "-" : u->driver,
	      rc ? strerror(-rc) : "ok");
	json_add_bool(res, "rebound", rc == 0);
	if (rc)
		pm_error(CMD, "binding %s again failed: %s", u->target, strerror(-rc));
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int do_unbind(struct pm_unbind *u, const struct unbind_opts *o, struct json_object *res)
{
	size_t nlog = 0;
	char **log;
	int kmsg, rc;
	const char *state;

	sync();
	kmsg = pm_kmsg_open();
	rc = pm_unbind_write(u->target, u->driver, false);
	audit(CMD, "unbind device=%s driver=%s namespace=%s mount=%s processes=%zu%s result=%s", u->target,
	      u->driver, u->ns, u->mounted ? u->mount.point : "-", u->nprocs,
	      o->unsafe ? " unsafe-old-kernel" : "", rc ? strerror(-rc) : "ok");
	json_add_bool(res, "unbound", rc == 0);
	if (rc) {
		pm_error(CMD, "unbinding %s from %s failed: %s", u->target, u->driver, strerror(-rc));
		return EXIT_FAIL;
	}
	pm_catch_signals();
	pm_unbind_wait_mappers(u, o->wait, &pm_stop);
	log = kmsg >= 0 ? pm_kmsg_read(kmsg, &nlog) : NULL;
	pm_unbind_observe(u, log, nlog);
	state = fs_state(u);
	json_add_made(res, "kernel_log", strings(log, nlog < MAX_LOG_LINES ? nlog : MAX_LOG_LINES));
	json_add_made(res, "processes", procs_json(u, true));
	json_add_str(res, "filesystem_shut_down", state);
	for (size_t i = 0; i < nlog; i++)
		free(log[i]);
	free(log);
	if (kmsg >= 0)
		close(kmsg);
	return EXIT_OK;
}

static int act(struct ndctl_ctx *ctx, struct pm_unbind *u, const struct unbind_opts *o,
	       enum pm_unbind_verdict v, struct json_object *report)
{
	struct json_object *res = json_object_new_object();
	int rc = EXIT_OK;

	json_add_made(report, "outcome", res);
	if (v == PM_UNBIND_OK)
		rc = do_unbind(u, o, res);
	if (rc == EXIT_OK && o->rebind)
		rc = do_rebind(ctx, u, res);
	return rc;
}

int cmd_unbind(int argc, char **argv)
{
	struct unbind_opts o = { .wait = 5 };
	struct ndctl_ctx *ctx = NULL;
	struct json_object *report = NULL;
	struct pm_unbind u = { 0 };
	enum pm_unbind_verdict v;
	char err[256];
	int rc = parse_args(argc, argv, &o);

	if (rc == EXIT_OK)
		rc = pm_may_act();
	if (rc != EXIT_OK)
		return rc;
	rc = pm_ndctl_open(CMD, &ctx);
	if (rc == EXIT_OK && pm_unbind_inspect(ctx, o.name, &u)) {
		pm_error(CMD, "%s", pm_no_device_words(o.name, pm_first_disabled_region(ctx), err, sizeof(err)));
		rc = EXIT_NOMATCH;
	}
	if (rc != EXIT_OK)
		goto out;
	v = pm_unbind_judge(&u, o.unsafe);
	/* rebinding an unbound device is what --rebind alone is for */
	report = preflight(&u, v == PM_UNBIND_NOT_BOUND && o.rebind ? PM_UNBIND_OK : v);
	if (v != PM_UNBIND_OK && !(v == PM_UNBIND_NOT_BOUND && o.rebind)) {
		rc = EXIT_REFUSED;
	} else if (o.force || (o.rebind && v == PM_UNBIND_NOT_BOUND)) {
		rc = act(ctx, &u, &o, v, report);
	}
	if (pm_printed(CMD, o.human ? print_human(report) : json_print(stdout, report, true)))
		rc = rc ? rc : EXIT_FAIL;
	if (rc == EXIT_REFUSED)
		pm_error(CMD, "%s: %s", u.target, verdict_text(v));
	else if (!o.force && !(o.rebind && v == PM_UNBIND_NOT_BOUND))
		pm_note(CMD, "dry run: nothing was done (--force to unbind %s)", u.target);
out:
	json_object_put(report);
	pm_unbind_free(&u);
	ndctl_unref(ctx);
	return rc;
}
