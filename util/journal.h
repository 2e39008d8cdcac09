/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Journal fields of a JSON event, for sd_journal_sendv(): journalctl can
 * then select on them (journalctl PMEMCTL_EVENT=poison-added -o json).
 */
#ifndef PMEMCTL_UTIL_JOURNAL_H
#define PMEMCTL_UTIL_JOURNAL_H
#include <stddef.h>

struct json_object;

struct journal_fields {
	char **v;	/* "KEY=VALUE", malloc'ed */
	size_t n;
};

/*
 * The fields of @event (an object of scalars, string lists and nested
 * objects): MESSAGE (the JSON line), PRIORITY @priority, SYSLOG_IDENTIFIER
 * @ident, and PREFIX_KEY=value per member (KEY upper-cased, '-' as '_'; a
 * list of strings joined by ','; an object or other list as JSON text; null
 * members left out: an absent field is null). 0 or -ENOMEM.
 */
int journal_fields_build(struct json_object *event, const char *prefix, const char *ident, int priority,
			 struct journal_fields *out);
void journal_fields_free(struct journal_fields *f);
#endif
