// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <ndctl/libndctl.h>

#include "lib/inject.h"
#include "lib/target.h"

bool pm_bus_can_inject(struct ndctl_bus *bus)
{
	return ndctl_bus_has_error_injection(bus) == 1;
}

int pm_inject_blocks(const struct pm_target *t, bool uninject, unsigned int flags,
		     volatile sig_atomic_t *stop, uint64_t *done)
{
	unsigned int base = flags & PM_INJECT_SATURATE ? 1u << NDCTL_NS_INJECT_SATURATE : 0;

	for (*done = 0; *done < t->count; (*done)++) {
		unsigned int f = base;
		int rc;

		if (stop && *stop)
			return -EINTR;
		if ((flags & PM_INJECT_NOTIFY) && *done + 1 == t->count)
			f |= 1u << NDCTL_NS_INJECT_NOTIFY;
		rc = uninject ? ndctl_namespace_uninject_error2(t->view.ndns, t->block + *done, 1, f)
			      : ndctl_namespace_inject_error2(t->view.ndns, t->block + *done, 1, f);
		if (rc)
			return rc < 0 ? rc : -EIO;
	}
	return 0;
}

int pm_injection_status(struct ndctl_namespace *ndns, struct pm_range **ranges, size_t *n)
{
	struct ndctl_bb *bb;
	size_t k = 0;
	int rc = ndctl_namespace_injection_status(ndns);

	*ranges = NULL;
	*n = 0;
	if (rc)
		return rc < 0 ? rc : -EIO;
	ndctl_namespace_bb_foreach(ndns, bb)
		k++;
	*ranges = calloc(k + 1, sizeof(**ranges));
	if (!*ranges)
		return -ENOMEM;
	ndctl_namespace_bb_foreach(ndns, bb)
		(*ranges)[(*n)++] = (struct pm_range){ ndctl_bb_get_block(bb) * PM_SECTOR,
						       ndctl_bb_get_count(bb) * PM_SECTOR };
	return 0;
}
