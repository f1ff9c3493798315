// SPDX-License-Identifier: GPL-2.0
/*
 * The activity log (see mirror_al.h): a fixed set of slots, each holding
 * one extent (4 MiB, or a region if regions are larger) that a write may
 * be changing. A write takes a reference on the slot of its extent before
 * it goes anywhere (mirror_dev.c cuts writes at extent boundaries); a
 * write to an extent the log does not hold takes a slot, and waits until
 * the metadata area records the new set (slot->seq). The reference is
 * dropped once the write completed on both sides; an async write's
 * request to the peer holds one of its own until the peer acknowledged
 * it. A slot is reused for another extent only when
 *
 *  - no reference is left, and
 *  - the peer flushed what it acknowledged there: an acknowledged write
 *    sits in the peer's volatile cache until the peer's next flush
 *    (mirror_unflushed.c), so the slot waits for that flush's cut
 *    (@need_cut, @done_cut); a link that went down recorded such regions
 *    in the dirty bitmap (liox_mirror_al_settled()).
 *
 * Free and reusable slots sit on @idle, least recently used first, and a
 * miss takes the first; idle slots that wait for the peer's flush sit on
 * @waiting, in the order they went idle, and move to @idle's end when
 * that flush is done. So a miss costs the same however many slots wait.
 * Without a reusable slot, the write waits for one (mirror_meta.c parks
 * it).
 *
 * So every extent a primary may have written without the peer having it
 * durably is in the log on disk; a primary that stopped while its writes
 * went to the peer resends those extents only, not the whole device.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include "mirror_al.h"

/**
 * liox_mirror_al_shift() - the extent size for a device
 * @dev_sectors: its data sectors
 * @region_shift: log2 of its region size in sectors
 *
 * Return: log2 of the extent size in sectors: 4 MiB, a region if larger,
 * larger still if the extent numbers would not fit 32 bits.
 */
u32 liox_mirror_al_shift(u64 dev_sectors, u32 region_shift)
{
	u32 shift = max_t(u32, LIOX_MIRROR_MD_AL_SHIFT_MIN, region_shift);

	while (shift < LIOX_MIRROR_MD_AL_SHIFT_MAX &&
	       ((dev_sectors - 1) >> shift) >= LIOX_MIRROR_AL_FREE)
		shift++;
	return shift;
}

/**
 * liox_mirror_al_init() - an empty log
 * @al: the log
 * @nr: its slots, 1..LIOX_MIRROR_MD_AL_MAX
 * @shift: liox_mirror_al_shift()
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int liox_mirror_al_init(struct liox_mirror_al *al, unsigned int nr, u32 shift)
{
	unsigned int i;

	memset(al, 0, sizeof(*al));
	if (!nr || nr > LIOX_MIRROR_MD_AL_MAX)
		return -EINVAL;
	al->hash_bits = ilog2(roundup_pow_of_two(nr)) + 1;
	al->slots = kcalloc(nr, sizeof(*al->slots), GFP_KERNEL);
	al->hash = kcalloc(1U << al->hash_bits, sizeof(*al->hash), GFP_KERNEL);
	if (!al->slots || !al->hash) {
		liox_mirror_al_exit(al);
		return -ENOMEM;
	}
	al->nr = nr;
	al->shift = shift;
	INIT_LIST_HEAD(&al->idle);
	INIT_LIST_HEAD(&al->waiting);
	for (i = 0; i < nr; i++) {
		al->slots[i].extent = LIOX_MIRROR_AL_FREE;
		INIT_HLIST_NODE(&al->slots[i].hash);
		list_add_tail(&al->slots[i].idle, &al->idle);
	}
	return 0;
}

/**
 * liox_mirror_al_exit() - free the log
 * @al: the log, no reference held
 */
void liox_mirror_al_exit(struct liox_mirror_al *al)
{
	kfree(al->slots);
	kfree(al->hash);
	al->slots = NULL;
	al->hash = NULL;
	al->nr = 0;
}

static struct hlist_head *liox_mirror_al_bucket(struct liox_mirror_al *al,
						u32 extent)
{
	return &al->hash[hash_32(extent, al->hash_bits)];
}

/* Can @s hold another extent? (idle: no reference) */
static bool liox_mirror_al_reusable(const struct liox_mirror_al *al,
				    const struct liox_mirror_al_slot *s)
{
	return s->extent == LIOX_MIRROR_AL_FREE ||
	       (s64)(al->done_cut - s->need_cut) >= 0;
}

/**
 * liox_mirror_al_get() - a reference on the slot of @extent, taking one
 *	for it if the log does not hold it
 * @al: the log
 * @extent: the extent
 * @seq: the metadata change a new slot is recorded with
 * @inserted: set when the slot is new (the caller counts @seq as a change)
 *
 * Return: the slot's index + 1, or 0: no slot is reusable now.
 */
unsigned int liox_mirror_al_get(struct liox_mirror_al *al, u32 extent,
				u64 seq, bool *inserted)
{
	struct hlist_head *head = liox_mirror_al_bucket(al, extent);
	struct liox_mirror_al_slot *s;

	*inserted = false;
	hlist_for_each_entry(s, head, hash) {
		if (s->extent != extent)
			continue;
		if (!s->refs++)
			list_del_init(&s->idle);
		return s - al->slots + 1;
	}
	s = list_first_entry_or_null(&al->idle, struct liox_mirror_al_slot,
				     idle);
	if (!s)
		return 0;
	list_del_init(&s->idle);
	if (s->extent == LIOX_MIRROR_AL_FREE) {
		al->used++;
	} else {
		hlist_del_init(&s->hash);
		al->evictions++;
	}
	s->extent = extent;
	s->refs = 1;
	s->seq = seq;
	s->need_cut = 0;
	hlist_add_head(&s->hash, head);
	*inserted = true;
	return s - al->slots + 1;
}

/**
 * liox_mirror_al_preload() - start with the extents of the log on disk
 * @al: an empty log
 * @disk: that log, decoded
 * @nr_extents: extents of the device; larger numbers are left out
 *
 * As DRBD does at attach: the extents written last are likely to be
 * written again, and then cost no header write. At most @al->nr are
 * taken, idle, in the order of @disk.
 */
void liox_mirror_al_preload(struct liox_mirror_al *al,
			    const struct liox_mirror_md_al *disk,
			    u64 nr_extents)
{
	unsigned int idx;
	bool inserted;
	u32 i;

	if (disk->shift != al->shift)
		return;
	for (i = 0; i < disk->count && al->used < al->nr; i++) {
		if (disk->extents[i] >= nr_extents)
			continue;
		/* free slots stay ahead of the idle ones taken here */
		idx = liox_mirror_al_get(al, disk->extents[i], 0, &inserted);
		if (idx)
			liox_mirror_al_put(al, idx);
	}
}

/**
 * liox_mirror_al_seq() - the metadata change that recorded a slot
 * @al: the log
 * @idx: liox_mirror_al_get()'s answer, referenced
 */
u64 liox_mirror_al_seq(const struct liox_mirror_al *al, unsigned int idx)
{
	return al->slots[idx - 1].seq;
}

/**
 * liox_mirror_al_hold() - one more reference on a referenced slot
 * @al: the log
 * @idx: the slot's index + 1
 */
void liox_mirror_al_hold(struct liox_mirror_al *al, unsigned int idx)
{
	al->slots[idx - 1].refs++;
}

/**
 * liox_mirror_al_put() - drop a reference
 * @al: the log
 * @idx: the slot's index + 1
 *
 * Return: true when the slot is idle now (reusable, or waiting for the
 * peer's flush: the caller may have one sent).
 */
bool liox_mirror_al_put(struct liox_mirror_al *al, unsigned int idx)
{
	struct liox_mirror_al_slot *s = &al->slots[idx - 1];

	if (--s->refs)
		return false;
	list_add_tail(&s->idle, liox_mirror_al_reusable(al, s) ? &al->idle :
								 &al->waiting);
	return true;
}

/**
 * liox_mirror_al_acked() - the peer acknowledged a write to the slot's
 *	extent that only its flush with cut @cut makes durable
 * @al: the log
 * @idx: the slot's index + 1, referenced
 * @cut: that cut
 */
void liox_mirror_al_acked(struct liox_mirror_al *al, unsigned int idx,
			  u64 cut)
{
	struct liox_mirror_al_slot *s = &al->slots[idx - 1];

	if ((s64)(cut - s->need_cut) > 0)
		s->need_cut = cut;
}

/**
 * liox_mirror_al_flushed() - the peer flushed every cut up to @cut
 * @al: the log
 * @cut: the cut
 */
void liox_mirror_al_flushed(struct liox_mirror_al *al, u64 cut)
{
	struct liox_mirror_al_slot *s, *tmp;

	if ((s64)(cut - al->done_cut) <= 0)
		return;
	al->done_cut = cut;
	list_for_each_entry_safe(s, tmp, &al->waiting, idle)
		if (liox_mirror_al_reusable(al, s))
			list_move_tail(&s->idle, &al->idle);
}

/**
 * liox_mirror_al_settled() - nothing waits for the peer's flushes any
 *	more (the link went down: what it had not flushed is in the dirty
 *	bitmap)
 * @al: the log
 */
void liox_mirror_al_settled(struct liox_mirror_al *al)
{
	unsigned int i;

	for (i = 0; i < al->nr; i++)
		al->slots[i].need_cut = al->done_cut;
	list_splice_tail_init(&al->waiting, &al->idle);
}

/**
 * liox_mirror_al_snapshot() - the extents the log holds, for the
 *	metadata area
 * @al: the log
 * @out: filled
 */
void liox_mirror_al_snapshot(const struct liox_mirror_al *al,
			     struct liox_mirror_md_al *out)
{
	unsigned int i;

	out->shift = al->shift;
	out->count = 0;
	for (i = 0; i < al->nr && out->count < LIOX_MIRROR_MD_AL_MAX; i++)
		if (al->slots[i].extent != LIOX_MIRROR_AL_FREE)
			out->extents[out->count++] = al->slots[i].extent;
}
