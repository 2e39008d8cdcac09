// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl recover of several namespaces (-r REGION) or files (--files):
 * each one is a part with its own job, checked and planned before it is
 * written.
 */
#include <errno.h>
#include <stdlib.h>

#include "cmd/builtin.h"
#include "cmd/recover.h"
#include "cmd/words.h"
#include "lib/poison.h"

/* A namespace or a file recovered with another job's options: its own job and plan. */
struct part {
	struct recover_opts o;
	struct job j;
	struct pm_recover_plan plan;
	int rc;			/* of checking and planning it */
};

/* Check and plan @p (nothing is written yet): p->rc says how it went. */
static void part_check(struct part *p, struct job *proto, const char *namespace, const char *file)
{
	p->o = *proto->o;
	p->o.region = NULL;
	p->o.namespace = namespace;
	p->o.file = file;
	p->o.files = false;
	p->j = (struct job){ .o = &p->o, .ctx = proto->ctx, .out = proto->out };
	p->rc = recover_prepare(&p->j);
	if (p->rc == EXIT_OK)
		p->rc = recover_plan(&p->j, &p->plan);
}

/* Write what @p planned (when its check passed); its failures add to @proto's. */
static int part_run(struct part *p, struct job *proto)
{
	int rc = p->rc;

	if (rc == EXIT_OK)
		rc = recover_run(&p->j, &p->plan);
	if (rc == EXIT_OK && p->j.cut)
		rc = recover_past_the_cut(&p->j);
	proto->failures += p->j.failures;
	return rc;
}

static void part_free(struct part *p)
{
	pm_recover_plan_free(&p->plan);
	free(p->j.bad);
}

int recover_another(struct job *proto, const char *namespace, const char *file)
{
	struct part p = { 0 };
	int rc;

	part_check(&p, proto, namespace, file);
	rc = part_run(&p, proto);
	part_free(&p);
	return rc;
}

/*
 * The region's poison in no namespace: no write reaches it. Reported, so
 * that a report without writes never reads as a region without poison.
 */
static void report_unclaimed(struct job *proto, const struct pm_scan *s)
{
	for (size_t i = 0; i < s->nrecs; i++)
		if (!s->units[s->recs[i].unit].namespace)
			recover_record_unclaimed(proto, &s->units[s->recs[i].unit], &s->recs[i],
						 "in no namespace: no write reaches it until a namespace covers it "
						 "(writes through the namespace's device then clear it)");
}

/*
 * The namespaces of @s to recover: every one that holds poison (a part
 * with only metadata poison reports it skipped; one that cannot be
 * recovered, a BTT, says why), and those whose cut list may hold some
 * past the cut. Each is checked and
 * planned before any is written: a usage error in one (--from too short for
 * its writes) stops them all with nothing changed. One that cannot be
 * recovered otherwise says why and the rest go on.
 */
static int recover_parts(struct job *proto, const struct pm_scan *s)
{
	struct part *parts = calloc(s->nunits + 1, sizeof(*parts));
	size_t n = 0;
	int worst = EXIT_OK;

	if (!parts) {
		pm_error(CMD, "out of memory");
		return EXIT_FAIL;
	}
	for (size_t u = 0; u < s->nunits && worst != EXIT_USAGE && !pm_stop; u++)
		if (s->units[u].namespace && (s->units[u].ranges || s->units[u].list == PM_LIST_CUT)) {
			part_check(&parts[n], proto, s->units[u].namespace, NULL);
			if (parts[n++].rc == EXIT_USAGE)
				worst = EXIT_USAGE;
		}
	for (size_t i = 0; i < n && worst != EXIT_USAGE && !pm_stop; i++)
		worst = recover_worse(worst, part_run(&parts[i], proto));
	for (size_t i = 0; i < n; i++)
		part_free(&parts[i]);
	free(parts);
	return pm_stop && worst != EXIT_USAGE ? EXIT_INTERRUPTED : worst;
}

/* Every namespace of a region that holds poison in its data area (recover_parts). */
int recover_region(struct job *proto)
{
	struct pm_filter f = { .region = proto->o->region };
	struct pm_scan s;
	char err[512];
	int rc = pm_scan_poison(proto->ctx, &f, &s);

	if (rc) {
		pm_error(CMD, "%s", pm_scan_words(&f, &s, err, sizeof(err)));
		pm_scan_free(&s);
		return rc == -PM_ENOMATCH ? EXIT_NOMATCH : EXIT_FAIL;
	}
	if (s.notes & PM_NOTE_REGION_DISABLED) {
		pm_error(CMD, "%s is disabled: the kernel does not say where its poison is, and it has no "
			 "device to write through; '" PM_ENABLE_REGION " %s', then recover", s.disabled, s.disabled);
		pm_scan_free(&s);
		return EXIT_REFUSED;
	}
	rc = recover_parts(proto, &s);
	if (rc != EXIT_USAGE)	/* a usage error wrote nothing and reports nothing */
		report_unclaimed(proto, &s);
	pm_scan_free(&s);
	return rc;
}

