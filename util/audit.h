/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Destructive actions are logged to syslog (journald picks it up): who ran
 * pmemctl, what it did, where, and with what result.
 */
#ifndef PMEMCTL_UTIL_AUDIT_H
#define PMEMCTL_UTIL_AUDIT_H

void audit(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
