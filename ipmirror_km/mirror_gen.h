/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generation identifiers of a mirror (the idea of DRBD's data UUIDs, made
 * simpler) and the resync decision taken from both sides' identifiers
 * when a connection comes up. Pure logic: no block layer, no sockets.
 * Documentation/ipmirror-wire.rst has the rules with examples.
 */
#ifndef _LIOX_MIRROR_GEN_H
#define _LIOX_MIRROR_GEN_H

#include <linux/types.h>

#define LIOX_MIRROR_GEN_HISTORY	4

/*
 * @current: identifies the data on this node; 0 while the device has
 *	never been written through the mirror ("fresh").
 * @bitmap: while the dirty bitmap tracks changes the peer lacks, the
 *	generation both sides last had in common; 0 when nothing is tracked.
 * @history: older generations of this node, newest first, 0 if unused.
 */
struct liox_mirror_gens {
	u64 current_gen;
	u64 bitmap_gen;
	u64 history[LIOX_MIRROR_GEN_HISTORY];
};

enum liox_mirror_resync {
	LIOX_MIRROR_RESYNC_NONE,	/* same data: nothing to copy */
	LIOX_MIRROR_RESYNC_TO_PEER,	/* this node is ahead: it is the source */
	LIOX_MIRROR_RESYNC_FROM_PEER,	/* the peer is ahead: this node receives */
	LIOX_MIRROR_RESYNC_SPLIT_BRAIN,	/* both changed apart: operator decides */
	LIOX_MIRROR_RESYNC_UNRELATED,	/* no common history: refuse */
};

/*
 * @dir: what to do; @full: copy the whole device (the dirty bitmap does
 * not cover the difference); @rule: which rule decided (1..11, for logs).
 */
struct liox_mirror_resync_plan {
	enum liox_mirror_resync dir;
	bool full;
	u8 rule;
};

struct liox_mirror_resync_plan
liox_mirror_gen_decide(const struct liox_mirror_gens *self,
		       const struct liox_mirror_gens *peer);
void liox_mirror_gen_new_current(struct liox_mirror_gens *g, u64 random);
void liox_mirror_gen_sync_done(struct liox_mirror_gens *g);
void liox_mirror_gen_adopt(struct liox_mirror_gens *g, u64 source_current);
const char *liox_mirror_resync_name(enum liox_mirror_resync dir);

#endif /* _LIOX_MIRROR_GEN_H */
