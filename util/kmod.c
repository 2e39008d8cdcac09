// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libkmod.h>
#include <stddef.h>

#include "util/kmod.h"

static int probe(struct kmod_module *mod)
{
	int state = kmod_module_get_initstate(mod);

	if (state == KMOD_MODULE_BUILTIN || state == KMOD_MODULE_LIVE)
		return 0;
	/* a module the kernel lacks has no path: nothing to insert */
	if (!kmod_module_get_path(mod))
		return -ENOENT;
	return kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL, NULL, NULL, NULL);
}

int kmod_load(const char *name)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);
	struct kmod_list *list = NULL, *l;
	int rc = -ENOENT;

	if (!ctx)
		return -ENOMEM;
	/* no index or no modules directory: a lookup finds nothing, which is -ENOENT */
	kmod_load_resources(ctx);
	kmod_module_new_from_lookup(ctx, name, &list);
	kmod_list_foreach(l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);

		rc = probe(mod);
		kmod_module_unref(mod);
		if (rc != -ENOENT)
			break;
	}
	kmod_module_unref_list(list);
	kmod_unref(ctx);
	return rc > 0 ? -EIO : rc;
}
