// SPDX-License-Identifier: GPL-2.0
/* Pairing memory_failure()'s SIGBUSes with its verdict (see ras-signals.h). */
#include <string.h>

#include "lib/ras-signals.h"

#define PAIR_MS (PM_SIG_PAIR_US / 1000)

static void take(struct pm_sigq *q, size_t i, struct pm_sigbus *out)
{
	*out = q->s[i];
	memmove(&q->s[i], &q->s[i + 1], (q->n - i - 1) * sizeof(q->s[0]));
	memmove(&q->seen_ms[i], &q->seen_ms[i + 1], (q->n - i - 1) * sizeof(q->seen_ms[0]));
	q->n--;
}

bool pm_sigq_add(struct pm_sigq *q, const struct pm_sigbus *s, unsigned long long now_ms,
		 struct pm_sigbus *evicted)
{
	bool full = q->n == PM_SIGQ_MAX;

	if (full)
		take(q, 0, evicted);
	q->s[q->n] = *s;
	q->seen_ms[q->n++] = now_ms;
	return full;
}

size_t pm_sigq_claim(struct pm_sigq *q, int sender, unsigned long long ts_us, struct pm_sigbus *out,
		     size_t max)
{
	size_t got = 0, i = 0;

	while (i < q->n && got < max) {
		const struct pm_sigbus *s = &q->s[i];

		/* sent by the same task, before the verdict and not long before it */
		if (s->sender == sender && s->ts_us <= ts_us && ts_us - s->ts_us <= PM_SIG_PAIR_US)
			take(q, i, &out[got++]);
		else
			i++;
	}
	return got;
}

bool pm_sigq_expire(struct pm_sigq *q, unsigned long long now_ms, bool all, struct pm_sigbus *out)
{
	if (!q->n || (!all && now_ms < q->seen_ms[0] + PAIR_MS))
		return false;
	take(q, 0, out);	/* held in the order read: the first expires first */
	return true;
}

long long pm_sigq_wait_ms(const struct pm_sigq *q, unsigned long long now_ms)
{
	if (!q->n)
		return -1;
	return now_ms >= q->seen_ms[0] + PAIR_MS ? 0 : (long long)(q->seen_ms[0] + PAIR_MS - now_ms);
}
