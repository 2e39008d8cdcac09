/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Optional libraries, loaded when a command path first needs them: every
 * run pays ld.so for each DT_NEEDED library and what it pulls in (libmount
 * brings libblkid, libselinux and libpcre2; libsystemd brings libgcrypt,
 * libgpg-error, liblz4 and libcap), so pmemctl links only what every
 * command uses and dlopen()s libmount (mount points), libsmartcols (tables)
 * and libsystemd (the journal) by soname, as systemd does for its own
 * optional libraries. The headers are still build dependencies: each
 * function is reached through a pointer of its declared type.
 *
 * A consumer declares, next to its code:
 *	LAZYLIB_PROTOTYPE(mnt_new_table);	// sym_mnt_new_table, typeof(&mnt_new_table)
 *	static const struct lazylib_sym mount_syms[] = { LAZYLIB_SYM(mnt_new_table), ... };
 *	static struct lazylib libmount = LAZYLIB("libmount.so.1", "mount points", mount_syms);
 *	LAZYLIB_NOTE(libmount, "libmount.so.1", "mount points: --files, in-use checks");
 * and calls lazylib_load(&libmount) before its first sym_ call. Not
 * thread-safe: the first load happens before any thread is started.
 */
#ifndef PMEMCTL_UTIL_LAZYLIB_H
#define PMEMCTL_UTIL_LAZYLIB_H
#include <stddef.h>
#include <stdint.h>

struct lazylib_sym {
	const char *name;
	void **fn;
};

#define LAZYLIB_PROTOTYPE(fn) static typeof(&(fn)) sym_##fn
#define LAZYLIB_SYM(fn) { #fn, (void **)&sym_##fn }

struct lazylib {
	const char *soname;	/* "libmount.so.1": the ABI the headers describe */
	const char *feature;	/* what needs it, for the line when it cannot load */
	const struct lazylib_sym *syms;
	size_t nsyms;
	void *handle;		/* set once every symbol is resolved */
	char why[256];		/* dlerror() of the failed load */
};
#define LAZYLIB(so, what, syms) { (so), (what), (syms), sizeof(syms) / sizeof((syms)[0]), NULL, "" }

/*
 * Open @lib and resolve all its symbols (once; later calls are free).
 * 0, or -ELIBACC with lib->why set and the failure handler called.
 */
int lazylib_load(struct lazylib *lib);

/*
 * What a failed load does besides returning -ELIBACC: the command line
 * installs a handler that says it in one line and exits (cmd/pmemctl.c), so
 * that no caller can mistake "no library" for "not mounted". None: only
 * the return value (unit tests, fuzz harnesses).
 */
typedef void lazylib_failed_fn(const struct lazylib *lib);
void lazylib_on_failure(lazylib_failed_fn *fn);

/*
 * The ELF dlopen note (https://systemd.io/ELF_DLOPEN_METADATA/): a
 * .note.dlopen section naming the soname, so packaging tools (and the
 * lab's initramfs) see the dependency that DT_NEEDED no longer shows. The
 * JSON is spelt out three times (size, length, text): cppcheck 2.10 cannot
 * expand a macro that passes its own arguments to another.
 */
#define LAZYLIB_NOTE(tag, so, what)                                                                 \
	__attribute__((used, section(".note.dlopen"), aligned(4))) static const struct {             \
		uint32_t namesz, descsz, type;                                                        \
		char name[4];                                                                         \
		char desc[(sizeof("[{\"feature\":\"" so "\",\"description\":\"" what                       \
				  "\",\"priority\":\"recommended\",\"soname\":[\"" so "\"]}]") + 3) & ~(size_t)3]; \
	} lazylib_note_##tag = { 4,                                                                   \
		sizeof("[{\"feature\":\"" so "\",\"description\":\"" what                                 \
		       "\",\"priority\":\"recommended\",\"soname\":[\"" so "\"]}]"),                         \
		0x407c0c0a, "FDO",                                                                    \
		"[{\"feature\":\"" so "\",\"description\":\"" what                                        \
		"\",\"priority\":\"recommended\",\"soname\":[\"" so "\"]}]" }
#endif
