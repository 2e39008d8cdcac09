// SPDX-License-Identifier: GPL-2.0
/* pmemctl recover -n NAMESPACE --files: every file hit by the namespace's poison. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/recover.h"
#include "lib/mount.h"
#include "lib/owners.h"

/* What an admin can do about poison that no file write reaches. */
static void skip_owner(struct job *j, const struct pm_owner *w, const char *mnt)
{
	const char *ns = ndctl_namespace_get_devname(j->t.view.ndns), *saved = j->file;
	struct pm_write x = { .w = w->dev };
	char path[PATH_MAX * 2], why[512];

	if (w->kind == PM_OWNER_FREE)
		snprintf(why, sizeof(why), "free space: no data is lost; with the filesystem unmounted, "
			 "'pmemctl recover -n %s' clears it", ns);
	else if (w->kind == PM_OWNER_FILE && w->unwritten)
		snprintf(why, sizeof(why), "preallocated (unwritten) extent: reads as zeros, nothing is lost; "
			 "a write there clears it");
	else
		snprintf(why, sizeof(why), "%s%s: no file write reaches it; unmount, 'pmemctl recover -n %s', "
			 "then check the filesystem (xfs_repair, e2fsck)",
			 w->kind == PM_OWNER_FILE ? "file metadata: " : "", w->what ? w->what : "metadata", ns);
	if (w->path)
		snprintf(path, sizeof(path), "%s/%s", mnt, w->path);
	j->file = w->path ? path : NULL;
	recover_record(j, &x, "skipped", why);
	j->file = saved;
}

static bool recoverable(const struct pm_owner *w)
{
	return w->kind == PM_OWNER_FILE && w->path && !strcmp(w->what, "data") && !w->unwritten;
}

/* Recover every file of @w (paths deduplicated), one --file job each. */
static int recover_owner_files(struct job *proto, const struct pm_owner_map *m, const char *mnt)
{
	int worst = EXIT_OK;

	for (size_t i = 0; i < m->n && !pm_stop; i++) {
		char path[PATH_MAX * 2];
		bool seen = false;

		if (!recoverable(&m->v[i]))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = recoverable(&m->v[k]) && !strcmp(m->v[k].path, m->v[i].path);
		if (seen)
			continue;
		snprintf(path, sizeof(path), "%s/%s", mnt, m->v[i].path);
		worst = recover_worse(worst, recover_another(proto, NULL, path));
	}
	return worst;
}

/* -n NS --files: the owners of the namespace's poison, then each file recovered. */
int recover_files(struct job *j)
{
	struct pm_owner_map m;
	struct pm_mount mnt;
	char err[512];
	dev_t dev;
	int rc = recover_resolve(j);

	if (rc == EXIT_OK)
		rc = recover_collect_poison(j);
	if (rc != EXIT_OK)
		return rc;
	if (!j->t.view.device || pm_mount_of_block(j->t.view.device, &dev, &mnt)) {
		pm_error(CMD, "%s: no mounted filesystem on it: recover the namespace with -n alone",
			 ndctl_namespace_get_devname(j->t.view.ndns));
		return EXIT_USAGE;
	}
	if (pm_map_owners(mnt.point, dev, j->bad, j->nbad, PM_METHOD_AUTO, &m, err, sizeof(err))) {
		pm_error(CMD, "mapping the poison to files failed: %s", err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < m.n; i++)
		if (!recoverable(&m.v[i]))
			skip_owner(j, &m.v[i], mnt.point);
	rc = recover_owner_files(j, &m, mnt.point);
	pm_owner_map_free(&m);
	return rc;
}

