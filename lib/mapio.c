// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "lib/mapio.h"

static __thread sigjmp_buf *bus_jump;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)si, (void)uc;
	if (bus_jump)
		siglongjmp(*bus_jump, 1);
	signal(sig, SIG_DFL);	/* not ours: die as the process would have */
	raise(sig);
}

/* Run one copy with SIGBUS turned into -EIO; the old handler comes back after. */
static int guarded_copy(void *dst, const void *src, size_t len, bool flush)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO }, old;
	sigjmp_buf jump;
	int rc = 0;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old))
		return -errno;
	if (sigsetjmp(jump, 1)) {
		rc = -EIO;
	} else {
		bus_jump = &jump;
		memcpy(dst, src, len);
#if defined(__x86_64__)
		if (flush) {
			/* clflush exists on every x86-64; it evicts each line to the
			 * persistence domain, and the fence orders it before return */
			for (uintptr_t p = (uintptr_t)dst & ~(uintptr_t)63; p < (uintptr_t)dst + len; p += 64)
				_mm_clflush((const void *)p);
			_mm_sfence();
		}
#else
		if (flush && msync(dst, len, MS_SYNC))
			rc = -errno;
#endif
	}
	bus_jump = NULL;
	sigaction(SIGBUS, &old, NULL);
	return rc;
}

int pm_map_read(void *dst, const void *map_src, size_t len)
{
	return guarded_copy(dst, map_src, len, false);
}

int pm_map_write(void *map_dst, const void *src, size_t len)
{
	return guarded_copy(map_dst, src, len, true);
}
