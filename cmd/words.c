// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "cmd/words.h"

static size_t chain_words(const char *dev, const struct pm_link *chain, unsigned int n, char *buf, size_t len)
{
	size_t at = (size_t)snprintf(buf, len, "/dev/%s", dev);

	for (unsigned int i = 0; i < n && at < len; i++) {
		const struct pm_link *l = &chain[i];
		bool first = i == 0;

		switch (l->kind) {
		case PM_LINK_PARTITION:
			at += (size_t)snprintf(buf + at, len - at, "%s partition %s", first ? " has" : ", which has",
					       l->device);
			break;
		case PM_LINK_HOLDER:
			at += (size_t)snprintf(buf + at, len - at, "%s held by %s", first ? " is" : ",", l->device);
			break;
		case PM_LINK_LOOP:
			at += (size_t)snprintf(buf + at, len - at, "%s backs %s", first ? "" : ", which", l->device);
			break;
		case PM_LINK_LOOP_FILE:
			at += (size_t)snprintf(buf + at, len - at, "%s holds %s, which backs %s",
					       first ? "" : ", which", l->file, l->device);
			break;
		}
	}
	return at < len ? at : len;
}

const char *pm_chain_words(const char *dev, const struct pm_link *chain, unsigned int n, char *buf, size_t len)
{
	chain_words(dev, chain, n, buf, len);
	return buf;
}

const char *pm_busy_words(const struct pm_busy *b, char *buf, size_t len)
{
	size_t at = chain_words(b->device, b->chain, b->nlinks, buf, len);
	const char *is = b->nlinks ? "," : " is";

	buf += at;
	len -= at;
	switch (b->kind) {
	case PM_BUSY_MOUNTED:
		snprintf(buf, len, "%s mounted on %s", is, b->who);
		break;
	case PM_BUSY_HELD:
		if (!b->nlinks)	/* the chain names the holder */
			snprintf(buf, len, " is held by %s", b->who);
		break;
	case PM_BUSY_OPEN_EXCL:
		snprintf(buf, len, "%s open exclusively by another program", is);
		break;
	case PM_BUSY_SYSTEM_RAM:
		snprintf(buf - at, len + at, "%s is online as system-ram (%s)", b->device, b->who);
		break;
	case PM_BUSY_MAPPED:
		snprintf(buf - at, len + at, "%s is mapped by process %s", b->device, b->who);
		break;
	case PM_BUSY_NONE:
		snprintf(buf - at, len + at, "%s is not in use", b->device);
		break;
	}
	return buf - at;
}

const char *pm_no_device_words(const char *name, const char *disabled, char *buf, size_t len)
{
	if (disabled)
		snprintf(buf, len, "no namespace or device named '%s' (a disabled region, such as "
			 "%s, has no namespaces until '" PM_ENABLE_REGION "')", name, disabled);
	else
		snprintf(buf, len, "no namespace or device named '%s'", name);
	return buf;
}

const char *pm_target_words(const struct pm_target_spec *spec, const struct pm_target *t,
			    const struct pm_target_error *e, char *buf, size_t len)
{
	unsigned long long spa = spec->spa;
	const char *ns = e->why >= PM_TARGET_BTT ? ndctl_namespace_get_devname(t->view.ndns) : "";

	switch (e->why) {
	case PM_TARGET_SPA_DISABLED:
		snprintf(buf, len, "address %#llx is in %s, which is disabled ('" PM_ENABLE_REGION
			 " %s' enables it)", spa, e->region, e->region);
		break;
	case PM_TARGET_SPA_NO_NAMESPACE:
		snprintf(buf, len, "address %#llx is in no namespace", spa);
		break;
	case PM_TARGET_SPA_NO_REGION:
		snprintf(buf, len, "address %#llx is on no NVDIMM region (or not root)", spa);
		break;
	case PM_TARGET_NO_DEVICE:
		pm_no_device_words(spec->namespace ? spec->namespace : "", e->region, buf, len);
		break;
	case PM_TARGET_BTT:
		snprintf(buf, len, "%s is a BTT (sector mode) namespace: its blocks have no fixed place", ns);
		break;
	case PM_TARGET_NO_LAYOUT:
		snprintf(buf, len, "cannot read the layout of %s (physical addresses need root)", ns);
		break;
	case PM_TARGET_NO_DATA_AREA:
		snprintf(buf, len, "%s is disabled (configured %s): where its data area begins is in its info "
			 "block, unread until 'ndctl enable-namespace %s'", ns, pm_mode_name(t->view.mode), ns);
		break;
	case PM_TARGET_SPA_METADATA:
		snprintf(buf, len, "%s: address %#llx is in the namespace's metadata, not its data", ns, spa);
		break;
	case PM_TARGET_NO_BLOCKS:
		snprintf(buf, len, "%s: the block count must be at least 1", ns);
		break;
	case PM_TARGET_BEYOND:
		snprintf(buf, len, "%s: blocks beyond the data area (it has %llu blocks)", ns,
			 (unsigned long long)(t->view.layout.data.len / PM_SECTOR));
		break;
	case PM_TARGET_OK:
		snprintf(buf, len, "%s", ns);
		break;
	}
	return buf;
}

static const char *no_match(const char *what, const char *opt, const char *val, char *buf, size_t len)
{
	snprintf(buf, len, "no %s matches %s '%s'", what, opt, val);
	return buf;
}

/* A namespace of a disabled region does not exist until it is enabled again: say so. */
static const char *no_namespace(const struct pm_scan *s, const char *opt, const char *val,
				char *buf, size_t len)
{
	if (!(s->notes & PM_NOTE_REGION_DISABLED))
		return no_match("namespace", opt, val, buf, len);
	snprintf(buf, len, "no namespace matches %s '%s' (disabled regions have no namespaces: %s; '"
		 PM_ENABLE_REGION "' brings them back)", opt, val, s->disabled);
	return buf;
}

const char *pm_scan_words(const struct pm_filter *f, const struct pm_scan *s, char *buf, size_t len)
{
	switch (s->fail) {
	case PM_SCAN_NO_BUS:
		return no_match("bus", "--bus", f->bus, buf, len);
	case PM_SCAN_NO_REGION:
		return no_match("region", "--region", f->region, buf, len);
	case PM_SCAN_NO_NAMESPACE:
		return no_namespace(s, "--namespace", f->namespace, buf, len);
	case PM_SCAN_NO_MODE:
		return no_namespace(s, "--mode", f->mode_word ? f->mode_word : pm_mode_name(f->mode), buf, len);
	case PM_SCAN_ERRNO:
	case PM_SCAN_OK:
		break;
	}
	snprintf(buf, len, "reading poison: %s", strerror(s->fail_errno));
	return buf;
}

const char *pm_disabled_note_words(const char *regions, char *buf, size_t len)
{
	snprintf(buf, len, "%s: disabled, so the poison there is unknown (the kernel fails reads of "
		 "a disabled region's badblocks with ENXIO); '" PM_ENABLE_REGION "' brings it back",
		 regions);
	return buf;
}

/*
 * Enabling an fsdax/devdax namespace runs nd_pfn_clear_memmap_errors(),
 * which looks its memmap reservation (namespace sectors 16 up to the data
 * offset) up in the region's badblocks at namespace-relative offsets, as
 * if the namespace began at region offset 0 (6.1 to 6.12 at least). Poison
 * at region sectors 16 to the namespace's length, wherever it really is,
 * fails the enable with -EFAULT ("error clearing N badblocks at X").
 */
static const struct pm_poison *memmap_lookalike(const struct pm_scan *s, const struct pm_unit *u)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		const struct pm_poison *p = &s->recs[i];

		if (s->units[p->unit].region_id == u->region_id && p->has_region_offset &&
		    p->region_offset + p->length > 16 * PM_SECTOR && p->region_offset < u->ns_len)
			return p;
	}
	return NULL;
}

const char *pm_enable_blocked_words(const struct pm_scan *s, size_t i, char *buf, size_t len)
{
	const struct pm_unit *u = &s->units[i], *owner;
	const struct pm_poison *p;

	if (!u->namespace || !u->disabled || !u->has_ns_start || !u->ns_start ||
	    (u->mode != PM_MODE_FSDAX && u->mode != PM_MODE_DEVDAX) || !(p = memmap_lookalike(s, u)))
		return NULL;
	owner = &s->units[p->unit];
	snprintf(buf, len, "%s is disabled (configured %s): enabling it fails with \"Bad address\" "
		 "(EFAULT; the kernel logs \"error clearing ... badblocks\") while the region lists poison "
		 "at region sectors 16 up to its data offset, here region sector %llu (%llu sectors, %s%s): "
		 "the kernel looks for its memmap reservation there, not at its own place, which starts at "
		 "region sector %llu; recover that poison first (%s%s), then 'ndctl enable-namespace %s'",
		 u->namespace, pm_mode_name(u->mode), (unsigned long long)(p->region_offset / PM_SECTOR),
		 (unsigned long long)(p->length / PM_SECTOR), owner->namespace ? "in " : "unclaimed",
		 owner->namespace ? owner->namespace : "", (unsigned long long)(u->ns_start / PM_SECTOR),
		 owner->namespace && owner != u ? "pmemctl recover -n " : "the platform's clear-error on it",
		 owner->namespace && owner != u ? owner->namespace : "", u->namespace);
	return buf;
}

/* ", name" for each unit whose list is @l: a namespace's, or a region row's own */
static size_t units_with_list(const struct pm_scan *s, enum pm_list l, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < s->nunits && used < len; i++) {
		const struct pm_unit *u = &s->units[i];

		if (u->list == l)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
						 u->namespace ? u->namespace : u->region);
	}
	return used;
}

const char *pm_list_cut_words(const struct pm_scan *s, char *buf, size_t len)
{
	char cut[256], done[256];
	bool any_cut = units_with_list(s, PM_LIST_CUT, cut, sizeof(cut));
	bool any_done = units_with_list(s, PM_LIST_COMPLETED, done, sizeof(done));

	snprintf(buf, len, "the kernel's badblocks list was cut at its page (poison_list in the output)%s%s%s%s",
		 any_cut ? "; ranges past the cut are unknown for: " : "",
		 any_cut ? cut : "",
		 any_done ? "; completed from the platform's ARS records: " : "",
		 any_done ? done : "");
	return buf;
}

const char *pm_recover_hint(enum pm_rw_step step, int error)
{
	switch (step) {
	case PM_STEP_CLEAR_ERROR:
		if (error == -EBUSY)
			return "the platform or kernel refused the clear as busy (a scrub, or a clear "
			       "covering a whole active namespace); nothing was written there: retry later";
		return "the platform could not clear the poison; nothing was written there: retry, "
		       "and if it fails again copy the data off (pmemctl salvage) and replace the DIMM";
	case PM_STEP_WRITE:
		/*
		 * A block write over poison fails with EIO, and a DAX recovery
		 * write with EFAULT, when the kernel's own clear-error fails:
		 * the old bytes stay.
		 */
		if (error == -EIO || error == -EFAULT)
			return "the kernel could not clear the poison under the write (the platform's "
			       "clear-error failed); the old bytes stay: retry, and if it fails again "
			       "copy the data off (pmemctl salvage) and replace the DIMM";
		return NULL;
	case PM_STEP_READ_GOOD:
		return "a good sector next to the poison could not be read (poison the kernel does "
		       "not list yet?); nothing was written: 'pmemctl scrub --wait', then recover again";
	case PM_STEP_READ_IMAGE:
		return "the --from image could not be read there; nothing was written";
	case PM_STEP_NONE:
		break;
	}
	return NULL;
}

const char *pm_consume_refusal_words(const struct pm_target *t, enum pm_platform p, enum pm_consume_kind k,
				     char *buf, size_t len)
{
	const char *region = ndctl_region_get_devname(t->region), *bus = ndctl_bus_get_provider(t->bus);

	if (p == PM_PLATFORM_NFIT_TEST)
		snprintf(buf, len, "%s is on %s, whose addresses are not memory: %s would hit whatever page has "
			 "that number; refusing (decode-only --machine-check works there)", region, bus,
			 k == PM_CONSUME_MEMORY_FAILURE ? "memory_failure()" : "a kernel-decoded machine check");
	else
		snprintf(buf, len, "%s (%s) is not on a test platform (neither nfit_test nor DMI saying QEMU): "
			 "this poisons real memory; refusing (--force to do it anyway)", region, bus);
	return buf;
}

const char *pm_mce_step_words(const struct pm_mce_plan *p, enum pm_mce_step step, size_t failed, int rc,
			      char *buf, size_t len)
{
	char path[256];
	const char *config = p->kind == PM_CONSUME_MEMORY_FAILURE ? "CONFIG_HWPOISON_INJECT" : "CONFIG_X86_MCE_INJECT";

	switch (step) {
	case PM_MCE_STEP_MODULE:
		if (rc == -ENOENT)
			snprintf(buf, len, "this kernel has no module %s (%s): nothing injected", p->module, config);
		else
			snprintf(buf, len, "loading module %s failed: %s; nothing injected", p->module, strerror(-rc));
		break;
	case PM_MCE_STEP_NO_DEBUGFS:
		snprintf(buf, len, "%s is loaded but %s does not exist (is debugfs mounted on %s?); nothing injected",
			 p->module, p->dir, PM_DEBUGFS);
		break;
	case PM_MCE_STEP_AFFINITY:
		snprintf(buf, len, "cannot run on CPU %u to write the bank: %s; nothing injected", p->cpu,
			 strerror(-rc));
		break;
	default:
		snprintf(buf, len, "writing %s to %s failed: %s%s", p->w[failed].value,
			 pm_mce_path(p, &p->w[failed], path, sizeof(path)), strerror(-rc),
			 failed + 1 == p->nw ? "; the record was not injected" : "; nothing injected");
		break;
	}
	return buf;
}

const char *pm_consume_unseen_words(bool bb_seen, bool mf_seen, bool log_read)
{
	if (!bb_seen && !mf_seen)
		return "injected, but within the wait the kernel neither added the badrange nor reported "
		       "memory_failure() (the report says what it did)";
	if (!bb_seen)
		return "injected, but within the wait the kernel did not add the badrange the record asks for "
		       "(an address it does not consider usable, or a granularity beyond what this CPU vendor takes)";
	if (!log_read)
		return "injected, but neither /dev/kmsg nor tracefs could be read: memory_failure()'s result is unknown";
	return "injected, but within the wait the kernel said nothing of memory_failure() for the page";
}

const char *pm_system_ram_words(const char *device, char *buf, size_t len)
{
	snprintf(buf, len, "%s is online as system RAM (kmem) and holds poison: the kernel may give "
		 "those pages to any process, and kmem did not take them out of use; offline its memory "
		 "(daxctl offline-memory %s), or each poisoned page (its spa into "
		 "/sys/devices/system/memory/hard_offline_page, as root)", device, device);
	return buf;
}
