// SPDX-License-Identifier: GPL-2.0
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>

#include "util/lazylib.h"

static lazylib_failed_fn *failed;

void lazylib_on_failure(lazylib_failed_fn *fn)
{
	failed = fn;
}

static int fail(struct lazylib *lib, void *handle)
{
	const char *why = dlerror();

	snprintf(lib->why, sizeof(lib->why), "%s", why ? why : "cannot be loaded");
	if (handle)
		dlclose(handle);
	if (failed)
		failed(lib);
	return -ELIBACC;
}

int lazylib_load(struct lazylib *lib)
{
	void *handle;

	if (lib->handle)
		return 0;
	/* RTLD_NOW: a missing symbol fails here, not in the middle of a command */
	handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!handle)
		return fail(lib, NULL);
	for (size_t i = 0; i < lib->nsyms; i++) {
		dlerror();
		*lib->syms[i].fn = dlsym(handle, lib->syms[i].name);
		if (!*lib->syms[i].fn)
			return fail(lib, handle);
	}
	lib->handle = handle;
	return 0;
}
