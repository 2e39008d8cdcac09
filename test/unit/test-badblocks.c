// SPDX-License-Identifier: GPL-2.0
/* The badblocks reader: whole lines only, and a list the kernel's page cut is said to be cut. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/badblocks.h"
#include "test/unit/unit.h"

#define PAGE 4096

static struct pm_bb_list parse(const char *text, size_t len)
{
	struct pm_bb_list l;

	if (pm_bb_parse(text, len, PAGE, &l))
		abort();
	return l;
}

/* What badblocks_show() puts in a page for @n ranges "sector 50": at most PAGE - 1 bytes. */
static size_t kernel_page(char *page, unsigned int n, size_t *whole_lines)
{
	size_t len = 0;

	*whole_lines = 0;
	for (unsigned int i = 0; i < n; i++) {
		char line[64];
		int k = snprintf(line, sizeof(line), "%u 50\n", 31568 - (n - 1 - i) * 64);

		if (len + (size_t)k > PAGE - 1) {
			memcpy(page + len, line, PAGE - 1 - len);	/* the cut */
			return PAGE - 1;
		}
		memcpy(page + len, line, (size_t)k);
		len += (size_t)k;
		(*whole_lines)++;
	}
	return len;
}

int main(void)
{
	static char page[PAGE];
	struct pm_bb_list l;
	size_t whole, len;
	char path[] = "/tmp/pmemctl-test-bb-XXXXXX";
	int fd;

	l = parse("8 8\n100 16\n", 11);
	CHECK(l.n == 2 && l.e[0].sector == 8 && l.e[0].count == 8 && l.e[1].sector == 100 &&
	      l.e[1].count == 16 && !l.cut && !l.malformed, "two whole lines: two entries, not cut");
	pm_bb_free(&l);
	l = parse("", 0);
	CHECK(l.n == 0 && !l.cut && !l.malformed, "an empty list is empty, not cut");
	pm_bb_free(&l);

	/* 512 one-sector ranges fit the page (3.9 KiB) but fill the kernel's list */
	len = 0;
	for (unsigned int i = 0; i < 512; i++)
		len += (size_t)snprintf(page + len, sizeof(page) - len, "%u 1\n", 200 + i * 64);
	l = parse(page, len);
	CHECK(len < PAGE - 1 && l.n == 512 && l.cut, "512 ranges in %zu bytes: a full list, cut", len);
	pm_bb_free(&l);
	l = parse(page, len - strlen("32904 1\n"));	/* the last range gone */
	CHECK(l.n == 511 && !l.cut, "511 ranges: whole");
	pm_bb_free(&l);

	len = kernel_page(page, 500, &whole);
	l = parse(page, len);
	CHECK(len == PAGE - 1 && l.cut, "500 ranges fill the page: the list is cut");
	CHECK(l.n == whole && l.n < 500, "only the %zu whole lines are entries (got %zu)", whole, l.n);
	CHECK(l.n && l.e[l.n - 1].count == 50, "the half line at the page end is no entry (last count %llu)",
	      l.n ? (unsigned long long)l.e[l.n - 1].count : 0ULL);
	pm_bb_free(&l);

	len = kernel_page(page, 10, &whole);
	l = parse(page, len);
	CHECK(l.n == 10 && !l.cut, "10 ranges fit: whole, not cut");
	pm_bb_free(&l);

	l = parse("8 8\n31568 5", 11);
	CHECK(l.n == 1 && l.cut, "a last line without its newline is dropped and the list is cut");
	pm_bb_free(&l);

	/* "1 1\n" lines, then blank lines up to PAGE - 1 bytes ending in '\n' */
	for (len = 0; len + 4 <= PAGE - 1; len += 4)
		memcpy(page + len, "1 1\n", 4);
	while (len < PAGE - 1)
		page[len++] = '\n';
	l = parse(page, len);
	CHECK(len == PAGE - 1 && l.cut, "a text of PAGE-1 bytes may have been cut even when it ends in a newline");
	pm_bb_free(&l);

	{
		const char *bad = "8 8\nabc\n9 x\n 1 1\n1  1\n99999999999999999999999 1\n16 8\n";

		l = parse(bad, strlen(bad));
	}
	CHECK(l.n == 2 && l.malformed && l.e[1].sector == 16, "malformed lines and overflows are skipped and said");
	pm_bb_free(&l);
	l = parse("8 8x\n16 8 \n24 8\n", strlen("8 8x\n16 8 \n24 8\n"));
	CHECK(l.n == 1 && l.malformed && l.e[0].sector == 24, "anything after the count makes the line malformed");
	pm_bb_free(&l);

	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, "40000 8\n", 8) == 8, "a scratch badblocks file");
	close(fd);
	CHECK(pm_bb_read(path, &l) == 0 && l.n == 1 && l.e[0].sector == 40000 && l.e[0].count == 8 && !l.cut,
	      "pm_bb_read reads a file");
	pm_bb_free(&l);
	unlink(path);
	CHECK(pm_bb_read(path, &l) == -ENOENT, "a missing attribute is -ENOENT, not an empty list");
	return unit_done();
}
