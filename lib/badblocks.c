// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/badblocks.h"

/* A decimal number of at most 20 digits, ending at @end. */
static bool parse_dec(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;

	if (s == end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return true;
}

/* "SECTOR COUNT" exactly, the kernel's "%llu %u" */
static bool parse_line(const char *s, const char *end, struct pm_bb_entry *e)
{
	if (!parse_dec(&s, end, &e->sector) || s == end || *s++ != ' ')
		return false;
	return parse_dec(&s, end, &e->count) && s == end;
}

static int append(struct pm_bb_list *l, const struct pm_bb_entry *e, size_t *cap)
{
	if (l->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct pm_bb_entry *ne = realloc(l->e, ncap * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		l->e = ne;
		*cap = ncap;
	}
	l->e[l->n++] = *e;
	return 0;
}

int pm_bb_parse(const char *text, size_t len, size_t page_size, struct pm_bb_list *out)
{
	const char *p = text, *end = text + len;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	out->cut = page_size && len >= page_size - 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct pm_bb_entry e;

		if (!nl) {		/* the page ended inside this line */
			out->cut = true;
			break;
		}
		if (!parse_line(p, nl, &e))
			out->malformed = true;
		else if (append(out, &e, &cap)) {
			pm_bb_free(out);
			return -ENOMEM;
		}
		p = nl + 1;
	}
	out->cut |= out->n >= PM_BB_MAX_ENTRIES;	/* full: the kernel dropped what did not fit */
	return 0;
}

int pm_bb_read(const char *path, struct pm_bb_list *out)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), len = 0;
	/* room for more than a page: a text longer than that is no kernel page */
	size_t size = 2 * page;
	char *buf = malloc(size);
	int fd, rc = 0;

	memset(out, 0, sizeof(*out));
	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	while (len < size) {
		ssize_t n = read(fd, buf + len, size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!rc)
		rc = pm_bb_parse(buf, len, page, out);
	free(buf);
	return rc;
}

void pm_bb_free(struct pm_bb_list *l)
{
	free(l->e);
	l->e = NULL;
	l->n = 0;
}
