// SPDX-License-Identifier: GPL-2.0
/*
 * Generation identifiers: how they move, and which side resyncs which at
 * reconnect. Rules, first match wins (self = this node, peer = the other,
 * 0 never matches anything):
 *
 *  1. both current 0 (fresh): NONE (nothing was ever mirrored; promoting a
 *     fresh device creates its first generation, then rule 2 or 3 applies)
 *  2. peer current 0: TO_PEER, full
 *  3. self current 0: FROM_PEER, full
 *  4. self current == peer current: NONE
 *  5. self bitmap == peer current: TO_PEER (the peer has not changed since
 *     this node started tracking; the dirty bitmap covers the difference)
 *  6. peer bitmap == self current: FROM_PEER
 *  7. self bitmap == peer bitmap: SPLIT_BRAIN (both moved on from the same
 *     point; each bitmap covers its side's changes)
 *  8. peer current in self history: TO_PEER, full (the peer is older than
 *     what the bitmap tracks)
 *  9. self current in peer history: FROM_PEER, full
 * 10. any other common generation: SPLIT_BRAIN, full
 * 11. otherwise: UNRELATED
 */
#include "mirror_gen.h"

static bool liox_mirror_gen_in(u64 gen, const u64 *list, unsigned int n)
{
	unsigned int i;

	if (!gen)
		return false;
	for (i = 0; i < n; i++) {
		if (list[i] == gen)
			return true;
	}
	return false;
}

/* Any nonzero generation of @a (bitmap or history) known to @b at all. */
static bool liox_mirror_gen_common(const struct liox_mirror_gens *a,
				   const struct liox_mirror_gens *b)
{
	u64 bl[LIOX_MIRROR_GEN_HISTORY + 2];
	unsigned int i;

	bl[0] = b->current_gen;
	bl[1] = b->bitmap_gen;
	for (i = 0; i < LIOX_MIRROR_GEN_HISTORY; i++)
		bl[i + 2] = b->history[i];
	if (liox_mirror_gen_in(a->bitmap_gen, bl, LIOX_MIRROR_GEN_HISTORY + 2))
		return true;
	for (i = 0; i < LIOX_MIRROR_GEN_HISTORY; i++) {
		if (liox_mirror_gen_in(a->history[i], bl,
				       LIOX_MIRROR_GEN_HISTORY + 2))
			return true;
	}
	return false;
}

#define LIOX_PLAN(d, f, r) \
	((struct liox_mirror_resync_plan){ .dir = (d), .full = (f), .rule = (r) })

/**
 * liox_mirror_gen_decide() - resync direction from both sides' generations
 * @self: this node's generations (from its metadata)
 * @peer: the peer's (from its HELLO)
 *
 * Return: the decision; the rules are listed at the top of this file.
 * Symmetric: the peer, given the same two sets the other way round,
 * reaches the mirror-image decision (rules 2/3, 5/6 and 8/9 swap).
 */
struct liox_mirror_resync_plan
liox_mirror_gen_decide(const struct liox_mirror_gens *self,
		       const struct liox_mirror_gens *peer)
{
	u64 sc = self->current_gen, pc = peer->current_gen;

	if (!sc && !pc)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_NONE, false, 1);
	if (!pc)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_TO_PEER, true, 2);
	if (!sc)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_FROM_PEER, true, 3);
	if (sc == pc)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_NONE, false, 4);
	if (self->bitmap_gen && self->bitmap_gen == pc)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_TO_PEER, false, 5);
	if (peer->bitmap_gen && peer->bitmap_gen == sc)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_FROM_PEER, false, 6);
	if (self->bitmap_gen && self->bitmap_gen == peer->bitmap_gen)
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_SPLIT_BRAIN, false, 7);
	if (liox_mirror_gen_in(pc, self->history, LIOX_MIRROR_GEN_HISTORY))
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_TO_PEER, true, 8);
	if (liox_mirror_gen_in(sc, peer->history, LIOX_MIRROR_GEN_HISTORY))
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_FROM_PEER, true, 9);
	if (liox_mirror_gen_common(self, peer) ||
	    liox_mirror_gen_common(peer, self))
		return LIOX_PLAN(LIOX_MIRROR_RESYNC_SPLIT_BRAIN, true, 10);
	return LIOX_PLAN(LIOX_MIRROR_RESYNC_UNRELATED, true, 11);
}

static void liox_mirror_gen_push(struct liox_mirror_gens *g, u64 gen)
{
	unsigned int i;

	if (!gen)
		return;
	for (i = LIOX_MIRROR_GEN_HISTORY - 1; i > 0; i--)
		g->history[i] = g->history[i - 1];
	g->history[0] = gen;
}

/**
 * liox_mirror_gen_new_current() - start a new generation
 * @g: the generations, updated
 * @random: a random value; 0 is replaced by 1 (0 means "fresh")
 *
 * When a primary writes without its peer (or a device is promoted): the
 * old current becomes the bitmap generation if nothing is tracked yet,
 * else it goes to the history (the bitmap keeps the older common point
 * and keeps accumulating).
 */
void liox_mirror_gen_new_current(struct liox_mirror_gens *g, u64 random)
{
	if (!g->bitmap_gen)
		g->bitmap_gen = g->current_gen;
	else
		liox_mirror_gen_push(g, g->current_gen);
	g->current_gen = random ? random : 1;
}

/**
 * liox_mirror_gen_sync_done() - the resync source finished: both sides
 *	hold the same data, the bitmap generation goes to the history
 * @g: the generations, updated
 */
void liox_mirror_gen_sync_done(struct liox_mirror_gens *g)
{
	liox_mirror_gen_push(g, g->bitmap_gen);
	g->bitmap_gen = 0;
}

/**
 * liox_mirror_gen_adopt() - the resync target finished: it takes the
 *	source's current generation, its own goes to the history
 * @g: the target's generations, updated
 * @source_current: the source's current generation (RESYNC_DONE)
 */
void liox_mirror_gen_adopt(struct liox_mirror_gens *g, u64 source_current)
{
	if (g->current_gen != source_current)
		liox_mirror_gen_push(g, g->current_gen);
	g->current_gen = source_current;
	g->bitmap_gen = 0;
}

const char *liox_mirror_resync_name(enum liox_mirror_resync dir)
{
	switch (dir) {
	case LIOX_MIRROR_RESYNC_NONE:
		return "in-sync";
	case LIOX_MIRROR_RESYNC_TO_PEER:
		return "source";
	case LIOX_MIRROR_RESYNC_FROM_PEER:
		return "target";
	case LIOX_MIRROR_RESYNC_SPLIT_BRAIN:
		return "split-brain";
	case LIOX_MIRROR_RESYNC_UNRELATED:
		return "unrelated";
	}
	return "?";
}
