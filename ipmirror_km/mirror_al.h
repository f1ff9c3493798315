/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The activity log of a primary: the extents its writes may be changing,
 * as DRBD keeps one. Pure bookkeeping (mirror_al.c); the caller holds the
 * mirror's bm_lock around every call but init and exit, and writes the
 * snapshot to the metadata area (mirror_meta.c).
 */
#ifndef _LIOX_MIRROR_AL_H
#define _LIOX_MIRROR_AL_H

#include <linux/list.h>
#include <linux/types.h>
#include "mirror_md.h"

#define LIOX_MIRROR_AL_DEFAULT		512
#define LIOX_MIRROR_AL_FREE		U32_MAX

struct liox_mirror_al_slot {
	u32 extent;		/* LIOX_MIRROR_AL_FREE: holds none */
	u32 refs;		/* writes (and async requests) in flight */
	u64 seq;		/* the metadata change that recorded it */
	u64 need_cut;		/* the peer's flush that makes it durable */
	struct list_head idle;	/* on @idle or @waiting while @refs is 0 */
	struct hlist_node hash;
};

struct liox_mirror_al {
	struct liox_mirror_al_slot *slots;
	struct hlist_head *hash;
	unsigned int hash_bits;
	unsigned int nr;	/* slots */
	unsigned int used;	/* slots holding an extent */
	u32 shift;		/* log2 of the extent size in sectors */
	struct list_head idle;	/* reusable, least recently used first */
	struct list_head waiting;	/* idle, for the peer's flush */
	u64 done_cut;		/* the peer's flushes done up to this cut */
	u64 evictions;		/* extents that left the log */
};

u32 liox_mirror_al_shift(u64 dev_sectors, u32 region_shift);
int liox_mirror_al_init(struct liox_mirror_al *al, unsigned int nr,
			u32 shift);
void liox_mirror_al_exit(struct liox_mirror_al *al);
unsigned int liox_mirror_al_get(struct liox_mirror_al *al, u32 extent,
				u64 seq, bool *inserted);
void liox_mirror_al_preload(struct liox_mirror_al *al,
			    const struct liox_mirror_md_al *disk,
			    u64 nr_extents);
u64 liox_mirror_al_seq(const struct liox_mirror_al *al, unsigned int idx);
void liox_mirror_al_hold(struct liox_mirror_al *al, unsigned int idx);
bool liox_mirror_al_put(struct liox_mirror_al *al, unsigned int idx);
void liox_mirror_al_acked(struct liox_mirror_al *al, unsigned int idx,
			  u64 cut);
void liox_mirror_al_flushed(struct liox_mirror_al *al, u64 cut);
void liox_mirror_al_settled(struct liox_mirror_al *al);
void liox_mirror_al_snapshot(const struct liox_mirror_al *al,
			     struct liox_mirror_md_al *out);

#endif /* _LIOX_MIRROR_AL_H */
