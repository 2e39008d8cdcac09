// SPDX-License-Identifier: GPL-2.0
/* The text of real tracepoint lines (Debian 6.12 in the CXL lab) as tracefs.c reads it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/tracefs.h"
#include "test/unit/unit.h"

static const char cxl_line[] =
	"           <...>-312     [001] .....    41.228375: cxl_poison: memdev=mem1 "
	"host=0000:0d:00.0 serial=1 trace_type=List region= region_uuid=00000000-0000-0000-"
	"0000-000000000000 hpa=0xffffffffffffffff dpa=0x1000 dpa_length=0x40 source=Injected "
	"flags= overflow_time=0";

static int count_exec(const char *line, void *ctx)
{
	const char *body = tracefs_event_body(line, "sched_process_exec");
	char file[256];

	if (body && tracefs_field(body, "filename", file, sizeof(file)) == 0 &&
	    strcmp(file, "/bin/true") == 0)
		(*(int *)ctx)++;
	return 0;
}

static int instance_exists(const char *root, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/instances/%s", root, name);
	return stat(path, &st) == 0;
}

static int count_sigusr(const char *line, void *ctx)
{
	const char *body = tracefs_event_body(line, "signal_generate");
	char sig[16];

	if (body && tracefs_field(body, "sig", sig, sizeof(sig)) == 0)
		((int *)ctx)[strcmp(sig, "10") == 0 ? 0 : 1]++;
	return 0;
}

/* monitor's kind of filter (numbers, && and ||) kept in the kernel; one it refuses fails the open */
static void live_filter(void)
{
	const char *sig_event[] = { "signal/signal_generate", NULL };
	const char *usr1[] = { "sig == 10 && (code == 0 || code == -6)", NULL };
	const char *bad[] = { "sig === 10", NULL };
	struct tracefs_inst *t = NULL;
	int missing = -1, seen[2] = { 0, 0 };

	CHECK(tracefs_open_filtered(sig_event, bad, 0, &t, &missing) == -EINVAL && missing == 0 && !t,
	      "a filter the kernel refuses: -EINVAL and its index");
	CHECK(tracefs_open_filtered(sig_event, usr1, 0, &t, &missing) == 0 && t, "open signal_generate, filtered");
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, SIG_IGN);
	CHECK(kill(getpid(), SIGUSR2) == 0 && kill(getpid(), SIGUSR1) == 0, "send SIGUSR2, then SIGUSR1");
	CHECK(tracefs_drain(t, count_sigusr, seen) > 0 && seen[0] == 1 && seen[1] == 0,
	      "only SIGUSR1 passed the filter (%d, %d others)", seen[0], seen[1]);
	tracefs_close(t);
}

/*
 * A real instance: run by test/dump/test-tracefs.sh in a private mount
 * namespace (so a tracefs mounted here does not stay on the host).
 */
static int live(void)
{
	const char *exec_event[] = { "sched/sched_process_exec", NULL };
	const char *no_event[] = { "sched/no_such_event", NULL };
	struct tracefs_inst *t = NULL, *t2 = NULL;
	char root[256], mine[64], second[80], stale[512];
	int missing = -1, seen = 0;

	CHECK(tracefs_root(root, sizeof(root)) == 0, "tracefs found or mounted: %s", root);
	snprintf(mine, sizeof(mine), "pmemctl-%ld", (long)getpid());
	CHECK(tracefs_open(no_event, 0, &t, &missing) == -ENOENT && missing == 0 && !t,
	      "an event this kernel lacks: -ENOENT and its index");
	CHECK(!instance_exists(root, mine), "a failed open leaves no instance");
	/* pid_max is at most 4194304: this one cannot be running */
	snprintf(stale, sizeof(stale), "%s/instances/pmemctl-999999999", root);
	CHECK(mkdir(stale, 0700) == 0, "a stale instance made");
	CHECK(tracefs_open(exec_event, 64, &t, &missing) == 0 && t, "open sched_process_exec");
	CHECK(!instance_exists(root, "pmemctl-999999999"), "the stale instance was removed");
	CHECK(system("/bin/true") == 0, "run /bin/true");
	CHECK(tracefs_drain(t, count_exec, &seen) > 0 && seen == 1, "its exec read back once");
	CHECK(tracefs_drain(t, count_exec, &seen) == 0, "nothing more while idle");
	CHECK(tracefs_lost(t) == 0, "nothing lost");
	CHECK(instance_exists(root, mine), "the instance is %s", mine);
	snprintf(second, sizeof(second), "%s.2", mine);
	CHECK(tracefs_open(exec_event, 0, &t2, &missing) == 0 && t2 && instance_exists(root, second),
	      "a second one open at once (monitor: machine checks and CXL) is %s", second);
	tracefs_close(t2);
	CHECK(!instance_exists(root, second) && instance_exists(root, mine), "closing it leaves the first");
	tracefs_close(t);
	CHECK(!instance_exists(root, mine), "close removes the instance");
	live_filter();
	return unit_done();
}

static int parsing(void)
{
	const char *body = tracefs_event_body(cxl_line, "cxl_poison");
	char v[64];

	CHECK(body && strncmp(body, "memdev=mem1 ", 12) == 0, "the body follows the event name");
	CHECK(tracefs_event_body(cxl_line, "cxl_dram") == NULL, "another event's line is not ours");
	CHECK(tracefs_event_body(cxl_line, "cxl") == NULL, "a prefix of the event name is not it");
	CHECK(tracefs_field(body, "memdev", v, sizeof(v)) == 0 && !strcmp(v, "mem1"), "first field");
	CHECK(tracefs_field(body, "region", v, sizeof(v)) == 0 && !strcmp(v, ""), "an empty value");
	CHECK(tracefs_field(body, "dpa", v, sizeof(v)) == 0 && !strcmp(v, "0x1000"),
	      "dpa is not dpa_length");
	CHECK(tracefs_field(body, "dpa_length", v, sizeof(v)) == 0 && !strcmp(v, "0x40"),
	      "a key that extends another");
	CHECK(tracefs_field(body, "flags", v, sizeof(v)) == 0 && !strcmp(v, ""), "empty flags");
	CHECK(tracefs_field(body, "overflow_time", v, sizeof(v)) == 0 && !strcmp(v, "0"),
	      "last field");
	CHECK(tracefs_field(body, "length", v, sizeof(v)) == -ENOENT,
	      "a key's tail is not the key");
	CHECK(tracefs_field(body, "hpa", v, 8) == -ERANGE, "a value too long for the buffer");
	CHECK(tracefs_field("msg=a b c next=1", "msg", v, sizeof(v)) == 0 && !strcmp(v, "a b c"),
	      "a value with blanks runs to the next field");
	return unit_done();
}

/* The head of lines as trace_pipe prints them: comm right-aligned, irq-info flags or none. */
static void heads(void)
{
	const char *l1 = "     kworker/0:2-63      [000] .....    56.709995: memory_failure_event: pfn 0x1c120c: x";
	const char *l2 = " Web Content-1234    [001] d..1.  1234.000001: signal_generate: sig=7";
	const char *l3 = "            sh-242     [001]    59.5: signal_generate: sig=7";
	const char *l4 = "x [0] 1.0: e: b";
	unsigned long long ts;
	char comm[17];
	int pid;

	CHECK(tracefs_line_head(l1, tracefs_event_body(l1, "memory_failure_event"), &pid, comm, sizeof(comm), &ts) == 0 &&
	      pid == 63 && !strcmp(comm, "kworker/0:2") && ts == 56709995ULL, "kworker/0:2, pid 63, 56.709995 s");
	CHECK(tracefs_line_head(l2, tracefs_event_body(l2, "signal_generate"), &pid, comm, sizeof(comm), &ts) == 0 &&
	      pid == 1234 && !strcmp(comm, "Web Content") && ts == 1234000001ULL, "a comm with a blank");
	CHECK(tracefs_line_head(l3, tracefs_event_body(l3, "signal_generate"), &pid, NULL, 0, &ts) == 0 &&
	      pid == 242 && ts == 59500000ULL, "no flags column, a short fraction");
	CHECK(tracefs_line_head(cxl_line, tracefs_event_body(cxl_line, "cxl_poison"), &pid, comm, sizeof(comm), &ts) == 0 &&
	      pid == 312 && !strcmp(comm, "<...>") && ts == 41228375ULL, "a comm the kernel no longer knew: <...>");
	CHECK(tracefs_line_head("sig=7", "sig=7", &pid, NULL, 0, &ts) == -EINVAL, "a body alone has no head");
	CHECK(tracefs_line_head(l4, tracefs_event_body(l4, "e"), &pid, NULL, 0, &ts) == -EINVAL,
	      "a task without a pid: refused");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--live") == 0)
		return live();
	heads();
	return parsing();
}
