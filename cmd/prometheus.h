/* SPDX-License-Identifier: GPL-2.0 */
/* list-poison --format prometheus: the poison model as node_exporter textfile metrics. */
#ifndef PMEMCTL_CMD_PROMETHEUS_H
#define PMEMCTL_CMD_PROMETHEUS_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/poison.h"

struct ndctl_ctx;

/* @s as metric families, HELP and TYPE first: only its buses, regions and namespaces (the filters hold). 0, or -ENOMEM. */
int pm_print_prometheus(FILE *f, const struct pm_scan *s, struct ndctl_ctx *ctx);
/* The exposition format's pieces: a label (escaped; @first: no comma), HELP and TYPE, "} value". */
void prom_label(FILE *f, const char *name, const char *v, bool first);
void prom_header(FILE *f, const char *metric, const char *type, const char *help);
void prom_value(FILE *f, uint64_t v);
#endif
