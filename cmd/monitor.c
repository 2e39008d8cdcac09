// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl monitor: poison and scrub events as JSON lines, event-driven.
 *
 * The kernel sysfs_notify()s a region's and a pmem device's badblocks when
 * they change (ARS completion, cleared poison) and a bus's scrub attribute
 * when a scrub starts or ends; namespaces come and go as uevents; machine
 * checks and memory failures arrive on a trace pipe (monitor-ras.c). poll()
 * sleeps on all of them, so an idle monitor never wakes up.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/monitor.h"
#include "cmd/monitor-watch.h"
#include "cmd/options.h"
#include "cmd/poison-json.h"
#include "lib/events.h"
#include "lib/mount.h"
#include "lib/scrub.h"
#include "lib/uevent.h"
#include "util/json.h"
#include "util/sysfs.h"
#include "util/tracefs.h"

#define CMD "monitor"

/* Set by SIGHUP: reopen --log FILE (logrotate moved it away). */
static volatile sig_atomic_t reopen_log;

static void on_hangup(int sig)
{
	(void)sig;
	reopen_log = 1;
}

static void catch_hangup(void)
{
	/* no SA_RESTART: poll() returns EINTR and the loop reopens at once */
	struct sigaction sa = { .sa_handler = on_hangup };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * poll() that a SIGHUP, SIGINT or SIGTERM always ends: they are held while
 * the loop works and let through only inside ppoll(), so one that comes
 * after the loop looked at its flags and before the wait is not left
 * waiting for the next event. @timeout_ms as poll()'s (-1: none).
 */
static int wait_events(struct pollfd *p, nfds_t n, int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };
	sigset_t held, open;
	int rc;

	sigemptyset(&held);
	sigaddset(&held, SIGHUP);
	sigaddset(&held, SIGINT);
	sigaddset(&held, SIGTERM);
	sigprocmask(SIG_BLOCK, &held, &open);
	if (pm_stop || reopen_log) {
		errno = EINTR;
		rc = -1;
	} else {
		rc = ppoll(p, n, timeout_ms < 0 ? NULL : &ts, &open);
	}
	sigprocmask(SIG_SETMASK, &open, NULL);
	return rc;
}

/* Close the log and open its path again; one line and false when it cannot be. */
static bool reopen(FILE **log, const char *path)
{
	FILE *f = fopen(path, "ae");

	if (!f) {
		pm_error(CMD, "reopening %s after SIGHUP: %s", path, strerror(errno));
		return false;
	}
	if (fclose(*log)) {
		pm_error(CMD, "closing %s after SIGHUP: %s", path, strerror(errno));
		fclose(f);
		*log = NULL;
		return false;
	}
	*log = f;
	return true;
}

static const char usage[] =
	"usage: pmemctl monitor [-b BUS] [-r REGION] [-n NAMESPACE] [-m MODE]\n"
	"                       [--files[=METHOD]] [--log FILE] [--syslog] [--no-stdout]\n"
	"                       [--no-snapshot] [--once] [--timeout SECONDS]\n";

enum { OPT_FILES = 256, OPT_SYSLOG, OPT_NO_STDOUT, OPT_NO_SNAPSHOT, OPT_ONCE, OPT_TIMEOUT };

static const struct opt_spec opt_specs[] = {
	{ 'b', "bus", OPT_NAME, "BUS", "bus", "only this bus (ndbusN or its provider)", NULL },
	{ 'r', "region", OPT_NAME, "REGION", "region", "only this region", NULL },
	{ 'n', "namespace", OPT_NAME, "NAMESPACE", "namespace", "only this namespace (or its device)", NULL },
	{ 'm', "mode", OPT_WORD, "MODE", "raw fsdax devdax sector", "only namespaces in this mode", NULL },
	{ OPT_FILES, "files", OPT_CHOICE_OPTIONAL, "METHOD", "auto getfsmap fiemap",
	  "the files that poison events hit", NULL },
	{ 'l', "log", OPT_PATH, "FILE", NULL, "append the events to FILE too", NULL },
	{ OPT_SYSLOG, "syslog", OPT_FLAG, NULL, NULL, "send the events to the journal (or syslog) too", NULL },
	{ OPT_NO_STDOUT, "no-stdout", OPT_FLAG, NULL, NULL, "not to standard output", NULL },
	{ OPT_NO_SNAPSHOT, "no-snapshot", OPT_FLAG, NULL, NULL, "no poison-present events at start", NULL },
	{ OPT_ONCE, "once", OPT_FLAG, NULL, NULL, "exit after the first events (the snapshot)", NULL },
	{ OPT_TIMEOUT, "timeout", OPT_SECONDS, "SECONDS", NULL, "exit after this long", NULL },
	{ 0 },
};

static const struct opt_hint opt_hints[] = {
	{ "-D --daemon", "pmemctl monitor does not fork: run it as a service (contrib/pmemctl-monitor.service)" },
	{ "-d --dimm", "pmemctl monitor watches poison, not DIMM health: filter with -b, -r or -n" },
	{ "-c --config-file", "pmemctl monitor has no configuration file: give its options on the command line" },
	{ "-u --human", "monitor prints JSON lines only (ndctl's -u has no pmemctl spelling)" },
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, opt_hints };

static int parse_args(int argc, char **argv, struct monitor_opts *o)
{
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, NULL);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 'b': o->filter.bus = p.arg; break;
		case 'r': o->filter.region = p.arg; break;
		case 'n': o->filter.namespace = p.arg; break;
		case 'm':
			if (pm_parse_mode_opt(CMD, p.arg, &o->filter.mode))
				return EXIT_USAGE;
			break;
		case OPT_FILES:
			o->files = true;
			pm_parse_files_opt(CMD, p.arg, &o->method);	/* the table checked the name */
			break;
		/* ndctl monitor's --log takes "syslog" and "standard" too; ./syslog is a file */
		case 'l':
			if (!strcmp(p.arg, "syslog"))
				o->syslog = true;
			else if (strcmp(p.arg, "standard"))
				o->log = p.arg;
			break;
		case OPT_SYSLOG: o->syslog = true; break;
		case OPT_NO_STDOUT: o->no_stdout = true; break;
		case OPT_NO_SNAPSHOT: o->no_snapshot = true; break;
		case OPT_ONCE: o->once = true; break;
		case OPT_TIMEOUT: o->timeout = p.num; break;
		}
	}
	if (opts_done(&p))
		return EXIT_USAGE;
	if (o->no_stdout && !o->log && !o->syslog) {
		pm_error(CMD, "--no-stdout needs --log or --syslog: events must go somewhere");
		return EXIT_USAGE;
	}
	return opts_no_args(&p);
}

/* libndctl caches what it enumerated: a new context sees new devices. */
static int refresh_context(struct monitor *m)
{
	ndctl_unref(m->ctx);
	m->ctx = NULL;
	if (pm_ndctl_open(CMD, &m->ctx) != EXIT_OK)
		return -ENOMEM;
	watches_build(m->ctx, &m->ws);
	return 0;
}

/* ---------------------------------------------------------------- events */

/* Look again; say which sectors were poisoned, cleared or re-attributed meanwhile. */
static void rescan(struct monitor *m)
{
	struct pm_snapshot now;
	int rc = pm_snapshot_take(m->ctx, &m->o->filter, m->o->files ? &m->o->method : NULL, &now);

	if (!rc || rc == -PM_ENOMATCH)	/* no match: the device went away, its poison with it */
		rc = pm_snapshot_carry(&m->snap, &now);
	if (rc) {
		pm_snapshot_free(&now);
		return;
	}
	monitor_emit_changes(m, &m->snap, &now);
	pm_snapshot_free(&m->snap);
	m->snap = now;
}

static void scrub_changed(struct monitor *m, struct watch *w)
{
	struct ndctl_bus *bus;
	struct pm_scrub_state now;

	ndctl_bus_foreach(m->ctx, bus) {
		struct json_object *o;

		if (strcmp(ndctl_bus_get_devname(bus), w->bus) || pm_scrub_read(bus, &now))
			continue;
		o = json_object_new_object();
		json_add_str(o, "bus", w->bus);
		json_add_str(o, "provider", ndctl_bus_get_provider(bus));
		json_add_u64(o, "scrubs", true, now.count);
		if (pm_bus_matches(bus, m->o->filter.bus) && now.running && !w->st.running)
			monitor_emit(m, "scrub-started", o);
		if (now.count > w->st.count && !now.running)
			pm_scrub_note_completed(w->bus, now.count);
		if (pm_bus_matches(bus, m->o->filter.bus) && now.count > w->st.count && !now.running)
			monitor_emit(m, "scrub-completed", o);
		json_object_put(o);
		w->st = now;
	}
}

/*
 * One uevent datagram: true when it was an NVDIMM device coming or going or
 * a region enabled or disabled (reported, and the caller looks again).
 */
static bool uevent_changed(struct monitor *m)
{
	struct pm_uevent ev;
	struct json_object *o;

	if (!uevent_read(m->uevent, &ev) || ev.kind == PM_UEVENT_NONE)
		return false;
	o = json_object_new_object();
	json_add_str(o, "kernel_device", ev.device);
	json_add_str(o, "subsystem", ev.subsystem);
	monitor_emit(m, pm_uevent_event_name(ev.kind), o);
	json_object_put(o);
	return true;
}

/* ---------------------------------------------------------------- loop */

/* Milliseconds left of --timeout, in 64 bits (the option allows a year); -1: none. */
static long long wait_ms(const struct monitor *m, const struct timespec *start)
{
	struct timespec now;
	long long left;

	if (!m->o->timeout)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	left = (long long)m->o->timeout * 1000 - ((now.tv_sec - start->tv_sec) * 1000LL +
						  (now.tv_nsec - start->tv_nsec) / 1000000);
	return left > 0 ? left : 0;
}

static int run(struct monitor *m)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!pm_stop && !m->stdout_lost && !(m->o->once && m->events)) {
		struct pollfd *p = calloc(m->ws.nw + 3, sizeof(*p));
		long long left = wait_ms(m, &start), held = monitor_ras_wait_ms(m);
		int rc, timeout;
		bool changed = false, devices = false;

		if (held >= 0 && (left < 0 || held < left))
			left = held;	/* a SIGBUS no memory failure claimed is due: wake for it only then */
		timeout = left > INT_MAX ? INT_MAX : (int)left;	/* poll waits at most ~24 days */

		if (!p)
			return EXIT_FAIL;
		for (size_t i = 0; i < m->ws.nw; i++)
			p[i] = (struct pollfd){ .fd = m->ws.w[i].fd, .events = POLLPRI | POLLERR };
		p[m->ws.nw] = (struct pollfd){ .fd = m->uevent, .events = POLLIN };
		p[m->ws.nw + 1] = (struct pollfd){ .fd = m->ras ? tracefs_fd(m->ras) : -1, .events = POLLIN };
		p[m->ws.nw + 2] = (struct pollfd){ .fd = monitor_cxl_fd(m), .events = POLLIN };
		rc = timeout == 0 ? 0 : wait_events(p, m->ws.nw + 3, timeout);
		if (reopen_log && m->log) {
			reopen_log = 0;
			if (!reopen(&m->log, m->o->log)) {
				free(p);
				return EXIT_FAIL;
			}
		}
		if (rc < 0 && errno != EINTR) {
			pm_error(CMD, "poll: %s", strerror(errno));
			free(p);
			return EXIT_FAIL;
		}
		/* first: a machine check comes before the poison-added its badrange causes */
		if (rc > 0 && m->ras && (p[m->ws.nw + 1].revents & (POLLIN | POLLERR)))
			monitor_ras_drain(m);
		if (rc > 0 && (p[m->ws.nw + 2].revents & (POLLIN | POLLERR)))
			monitor_cxl_drain(m);
		for (size_t i = 0; rc > 0 && i < m->ws.nw; i++) {
			char text[BB_TEXT];

			if (!p[i].revents)
				continue;
			sysfs_reread(m->ws.w[i].fd, text, sizeof(text));	/* re-arms the notification */
			if (m->ws.w[i].bus[0])
				scrub_changed(m, &m->ws.w[i]);
			changed = true;
		}
		while (rc > 0 && m->uevent >= 0 && (p[m->ws.nw].revents & POLLIN) && uevent_changed(m))
			devices = true;
		free(p);
		monitor_ras_expire(m, false);
		if (rc == 0 && m->o->timeout && wait_ms(m, &start) == 0)
			break;		/* --timeout */
		if (devices && refresh_context(m))
			return EXIT_FAIL;
		if (changed || devices)
			rescan(m);
	}
	if (m->lost)
		return EXIT_FAIL;
	return pm_stop ? EXIT_INTERRUPTED : EXIT_OK;	/* SIGINT, SIGTERM: 130, as every command */
}

int cmd_monitor(int argc, char **argv)
{
	struct monitor_opts o = { .filter.mode = PM_MODE_NONE };
	struct monitor m = { .o = &o, .uevent = -1 };
	int rc = parse_args(argc, argv, &o);

	if (rc != EXIT_OK)
		return rc;
	/* --files asks libmount at the first poison, maybe hours from now: load it now */
	if (o.files && pm_mount_require())
		return EXIT_FAIL;
	/*
	 * Before the log exists: a logrotate that moves it while the monitor
	 * still starts (watches, snapshot) must not kill it with SIGHUP's
	 * default action. The loop reopens at its first turn.
	 */
	catch_hangup();
	if (o.log && !(m.log = fopen(o.log, "ae"))) {
		int err = errno;

		pm_error(CMD, "cannot open --log %s: %s", o.log, strerror(err));
		/* a directory where a file is wanted is a usage error; else the file system said no */
		return err == EISDIR ? EXIT_USAGE : EXIT_FAIL;
	}
	if (o.syslog && monitor_open_syslog(&m) != EXIT_OK) {
		if (m.log)
			fclose(m.log);
		return EXIT_FAIL;
	}
	rc = pm_ndctl_open(CMD, &m.ctx);
	if (rc == EXIT_OK) {
		/* watch first, then look: a change while looking still wakes the loop */
		m.uevent = uevents_open();
		watches_build(m.ctx, &m.ws);
		monitor_ras_open(&m);
		monitor_cxl_open(&m);
		pm_catch_signals();
		rc = pm_snapshot_take(m.ctx, &o.filter, o.files ? &o.method : NULL, &m.snap);
		if (rc == -PM_ENOMATCH)
			pm_error(CMD, "the filter matches no device");
		rc = rc == -PM_ENOMATCH ? EXIT_NOMATCH : rc ? EXIT_FAIL : EXIT_OK;
	}
	if (rc == EXIT_OK)
		monitor_ras_announce(&m);
	if (rc == EXIT_OK)
		monitor_cxl_announce(&m);
	if (rc == EXIT_OK && !o.no_snapshot)
		monitor_emit_snapshot(&m);
	if (rc == EXIT_OK)
		rc = run(&m);
	pm_snapshot_free(&m.snap);
	monitor_ras_close(&m);
	monitor_cxl_close(&m);
	watches_drop(&m.ws);
	if (m.uevent >= 0)
		close(m.uevent);
	if (m.log && fclose(m.log) && rc == EXIT_OK) {
		pm_error(CMD, "closing --log %s: %s", o.log, strerror(errno));
		rc = EXIT_FAIL;
	}
	ndctl_unref(m.ctx);
	return rc;
}
