// SPDX-License-Identifier: GPL-2.0
/*
 * Salvage over memfds standing in for a poisoned file: every good byte
 * arrives at its own offset, the lost bytes are zeros (or holes), and the
 * lost ranges are reported merged, also where they cross a read chunk.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/salvage.h"
#include "test/unit/unit.h"

#define MiB (1u << 20)
#define SRC_SIZE (2 * MiB)

static unsigned char pattern(uint64_t off)
{
	return (unsigned char)(off * 131 + (off >> 9) + 1);	/* never 0 */
}

static int source(void)
{
	unsigned char *buf = malloc(SRC_SIZE);
	int fd = memfd_create("src", 0);

	for (uint64_t i = 0; i < SRC_SIZE; i++)
		buf[i] = pattern(i);
	if (fd < 0 || pwrite(fd, buf, SRC_SIZE, 0) != SRC_SIZE)
		fd = -1;
	free(buf);
	return fd;
}

/* The output holds the source's bytes outside @bad and zeros inside. */
static bool output_right(int out, const struct pm_range *bad, size_t nbad)
{
	unsigned char *buf = calloc(1, SRC_SIZE);
	bool ok = buf && pread(out, buf, SRC_SIZE, 0) == SRC_SIZE;

	for (uint64_t i = 0; ok && i < SRC_SIZE; i++) {
		bool lost = false;

		for (size_t k = 0; k < nbad; k++)
			lost |= i >= bad[k].start && i < bad[k].start + bad[k].len;
		ok = buf[i] == (lost ? 0 : pattern(i));
	}
	free(buf);
	return ok;
}

static void salvage_case(const char *what, const struct pm_range *bad, size_t nbad, bool sparse,
			 const struct pm_range *want, size_t nwant)
{
	struct pm_salvage_src src = { .size = SRC_SIZE, .fd = source(), .known_bad = bad, .nknown = nbad,
				      .dev_fd = -1 };
	int out = memfd_create("dst", 0);
	struct pm_salvage_result r;
	uint64_t lost = 0;
	bool same = true;

	for (size_t k = 0; k < nwant; k++)
		lost += want[k].len;
	if (sparse && ftruncate(out, SRC_SIZE))
		out = -1;
	CHECK(src.fd >= 0 && out >= 0 && pm_salvage(&src, out, sparse, NULL, &r) == 0, "%s: salvaged", what);
	CHECK(r.lost == lost && r.copied == SRC_SIZE - lost && r.error == 0,
	      "%s: %llu bytes lost, the rest copied", what, (unsigned long long)r.lost);
	for (size_t k = 0; k < nwant && r.nlost == nwant; k++)
		same &= r.lost_v[k].start == want[k].start && r.lost_v[k].len == want[k].len;
	CHECK(r.nlost == nwant && same, "%s: %zu lost ranges, merged (got %zu)", what, nwant, r.nlost);
	CHECK(output_right(out, bad, nbad), "%s: every good byte at its offset, lost bytes zero", what);
	pm_salvage_result_free(&r);
	close(src.fd);
	close(out);
}

int main(void)
{
	const struct pm_range across[] = { { MiB - 512, 1024 } };
	const struct pm_range two[] = { { 4096, 1024 }, { MiB + 512, 512 } };

	salvage_case("a range across the 1 MiB chunk boundary, holes", across, 1, true, across, 1);
	salvage_case("a range across the 1 MiB chunk boundary, zeros", across, 1, false, across, 1);
	salvage_case("two ranges in different chunks", two, 2, false, two, 2);
	salvage_case("nothing bad", NULL, 0, false, NULL, 0);
	return unit_done();
}
