// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ipmirror_km/mirror_al.c: the activity log's slots, their
 * references, least-recently-used reuse, the wait for the peer's flush,
 * the snapshot written to disk, the log loaded from disk, and the extent
 * size.
 */
#include <kunit/test.h>
#include "src/ipmirror_km/mirror_al.h"

static struct liox_mirror_al *al_new(struct kunit *test, unsigned int nr)
{
	struct liox_mirror_al *al = kunit_kzalloc(test, sizeof(*al), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, al);
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_al_init(al, nr, 13));
	return al;
}

/* How often @extent is in the snapshot (which must match the log). */
static u32 al_count(struct kunit *test, struct liox_mirror_al *al,
		    u32 extent)
{
	struct liox_mirror_md_al *snap;
	u32 i, n = 0;

	snap = kunit_kzalloc(test, sizeof(*snap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	liox_mirror_al_snapshot(al, snap);
	KUNIT_EXPECT_EQ(test, al->shift, snap->shift);
	KUNIT_EXPECT_EQ(test, al->used, snap->count);
	for (i = 0; i < snap->count; i++)
		n += snap->extents[i] == extent;
	return n;
}

static void al_sizes(struct kunit *test)
{
	struct liox_mirror_al al;

	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_al_init(&al, 0, 13));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_al_init(&al, LIOX_MIRROR_MD_AL_MAX + 1, 13));
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_al_init(&al, LIOX_MIRROR_MD_AL_MAX,
						     13));
	liox_mirror_al_exit(&al);

	/* 4 MiB, a region when larger, larger when 32 bits do not count them */
	KUNIT_EXPECT_EQ(test, 13U, liox_mirror_al_shift(1ULL << 20, 7));
	KUNIT_EXPECT_EQ(test, 15U, liox_mirror_al_shift(1ULL << 20, 15));
	/* extents 0..0xfffffffe (U32_MAX marks a free slot) */
	KUNIT_EXPECT_EQ(test, 13U, liox_mirror_al_shift(0xffffffffULL << 13, 7));
	KUNIT_EXPECT_EQ(test, 14U,
			liox_mirror_al_shift((0xffffffffULL << 13) + 1, 7));
	KUNIT_EXPECT_EQ(test, 24U, liox_mirror_al_shift(1ULL << 55, 7));
}

static void al_hits_and_refs(struct kunit *test)
{
	struct liox_mirror_al *al = al_new(test, 2);
	unsigned int a, b;
	bool ins;

	a = liox_mirror_al_get(al, 7, 1, &ins);
	KUNIT_ASSERT_NE(test, 0U, a);
	KUNIT_EXPECT_TRUE(test, ins);
	KUNIT_EXPECT_EQ(test, 1ULL, liox_mirror_al_seq(al, a));
	/* a hit: same slot, no new record */
	KUNIT_EXPECT_EQ(test, a, liox_mirror_al_get(al, 7, 9, &ins));
	KUNIT_EXPECT_FALSE(test, ins);
	KUNIT_EXPECT_EQ(test, 1ULL, liox_mirror_al_seq(al, a));
	b = liox_mirror_al_get(al, 8, 2, &ins);
	KUNIT_ASSERT_NE(test, 0U, b);
	KUNIT_EXPECT_NE(test, a, b);
	KUNIT_EXPECT_EQ(test, 2U, al->used);

	/* both referenced: no slot for a third extent */
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 9, 3, &ins));
	KUNIT_EXPECT_FALSE(test, ins);
	KUNIT_EXPECT_FALSE(test, liox_mirror_al_put(al, a));	/* one left */
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 9, 3, &ins));
	liox_mirror_al_hold(al, b);
	KUNIT_EXPECT_FALSE(test, liox_mirror_al_put(al, b));
	KUNIT_EXPECT_TRUE(test, liox_mirror_al_put(al, a));	/* idle */

	/* 7 is idle: the third extent takes its slot, 7 leaves the log */
	KUNIT_EXPECT_EQ(test, 1U, al_count(test, al, 7));
	KUNIT_EXPECT_EQ(test, a, liox_mirror_al_get(al, 9, 3, &ins));
	KUNIT_EXPECT_TRUE(test, ins);
	KUNIT_EXPECT_EQ(test, 3ULL, liox_mirror_al_seq(al, a));
	KUNIT_EXPECT_EQ(test, 0U, al_count(test, al, 7));
	KUNIT_EXPECT_EQ(test, 1U, al_count(test, al, 9));
	KUNIT_EXPECT_EQ(test, 1U, al_count(test, al, 8));
	KUNIT_EXPECT_EQ(test, 2U, al->used);
	KUNIT_EXPECT_EQ(test, 1ULL, al->evictions);
	/* and 7 again finds no slot */
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 7, 4, &ins));
	liox_mirror_al_exit(al);
}

static void al_least_recently_used(struct kunit *test)
{
	struct liox_mirror_al *al = al_new(test, 3);
	unsigned int s[3], i;
	bool ins;

	for (i = 0; i < 3; i++)
		s[i] = liox_mirror_al_get(al, 10 + i, i + 1, &ins);
	/* idle in the order 11, 10, 12 */
	liox_mirror_al_put(al, s[1]);
	liox_mirror_al_put(al, s[0]);
	liox_mirror_al_put(al, s[2]);
	/* a hit takes 10 off the idle list; it goes back at the end */
	KUNIT_EXPECT_EQ(test, s[0], liox_mirror_al_get(al, 10, 5, &ins));
	liox_mirror_al_put(al, s[0]);
	/* so 11, then 12, then 10 leave */
	KUNIT_EXPECT_EQ(test, s[1], liox_mirror_al_get(al, 20, 6, &ins));
	KUNIT_EXPECT_EQ(test, s[2], liox_mirror_al_get(al, 21, 7, &ins));
	KUNIT_EXPECT_EQ(test, s[0], liox_mirror_al_get(al, 22, 8, &ins));
	KUNIT_EXPECT_EQ(test, 0U, al_count(test, al, 10));
	liox_mirror_al_exit(al);
}

/* An idle slot whose writes the peer has not flushed is not reused. */
static void al_waits_for_the_peer_flush(struct kunit *test)
{
	struct liox_mirror_al *al = al_new(test, 2);
	unsigned int a, b;
	bool ins;

	a = liox_mirror_al_get(al, 1, 1, &ins);
	b = liox_mirror_al_get(al, 2, 2, &ins);
	liox_mirror_al_acked(al, a, 5);
	liox_mirror_al_acked(al, a, 4);		/* never goes back */
	liox_mirror_al_put(al, a);
	liox_mirror_al_acked(al, b, 6);
	liox_mirror_al_put(al, b);
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 3, 3, &ins));
	liox_mirror_al_flushed(al, 4);
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 3, 3, &ins));
	liox_mirror_al_flushed(al, 5);
	KUNIT_EXPECT_EQ(test, a, liox_mirror_al_get(al, 3, 3, &ins));
	liox_mirror_al_flushed(al, 2);		/* never goes back either */
	KUNIT_EXPECT_EQ(test, 5ULL, al->done_cut);
	/* the link went down: its unflushed writes are in the bitmap */
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 4, 4, &ins));
	liox_mirror_al_settled(al);
	KUNIT_EXPECT_EQ(test, b, liox_mirror_al_get(al, 4, 4, &ins));
	/* a new slot needs no flush of its own until acked */
	liox_mirror_al_put(al, a);
	KUNIT_EXPECT_EQ(test, a, liox_mirror_al_get(al, 5, 5, &ins));
	liox_mirror_al_exit(al);
}

/*
 * A slot waiting for the peer's flush is passed over at no cost, and
 * joins the reusable ones, behind them, once that flush is done.
 */
static void al_waiting_slots_join_after_the_flush(struct kunit *test)
{
	struct liox_mirror_al *al = al_new(test, 3);
	unsigned int a, b, c;
	bool ins;

	a = liox_mirror_al_get(al, 1, 1, &ins);
	b = liox_mirror_al_get(al, 2, 2, &ins);
	c = liox_mirror_al_get(al, 3, 3, &ins);
	liox_mirror_al_acked(al, a, 2);
	KUNIT_EXPECT_TRUE(test, liox_mirror_al_put(al, a));	/* waits */
	KUNIT_EXPECT_TRUE(test, liox_mirror_al_put(al, b));
	/* a went idle first, but waits: b is taken */
	KUNIT_EXPECT_EQ(test, b, liox_mirror_al_get(al, 4, 4, &ins));
	KUNIT_EXPECT_TRUE(test, ins);
	liox_mirror_al_put(al, c);
	liox_mirror_al_flushed(al, 1);		/* not the cut a needs */
	KUNIT_EXPECT_EQ(test, c, liox_mirror_al_get(al, 5, 5, &ins));
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 6, 6, &ins));
	liox_mirror_al_put(al, c);
	liox_mirror_al_flushed(al, 2);
	/* c was reusable before a: it goes first */
	KUNIT_EXPECT_EQ(test, c, liox_mirror_al_get(al, 6, 6, &ins));
	KUNIT_EXPECT_EQ(test, a, liox_mirror_al_get(al, 7, 7, &ins));
	KUNIT_EXPECT_EQ(test, 0U, al_count(test, al, 1));
	KUNIT_EXPECT_EQ(test, 1U, al_count(test, al, 4));
	/* a hit on a waiting slot takes it off that list */
	liox_mirror_al_acked(al, b, 9);
	liox_mirror_al_put(al, b);
	KUNIT_EXPECT_EQ(test, b, liox_mirror_al_get(al, 4, 8, &ins));
	KUNIT_EXPECT_FALSE(test, ins);
	liox_mirror_al_flushed(al, 9);
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_al_get(al, 8, 8, &ins));
	liox_mirror_al_exit(al);
}

/* The log on disk comes back idle, as far as it fits and is valid. */
static void al_preload(struct kunit *test)
{
	struct liox_mirror_al *al = al_new(test, 3);
	struct liox_mirror_md_al *disk;
	unsigned int a;
	bool ins;

	disk = kunit_kzalloc(test, sizeof(*disk), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, disk);
	disk->shift = 14;			/* another extent size: none */
	disk->count = 2;
	disk->extents[0] = 4;
	disk->extents[1] = 6;
	liox_mirror_al_preload(al, disk, 100);
	KUNIT_EXPECT_EQ(test, 0U, al->used);

	disk->shift = 13;
	disk->count = 6;
	disk->extents[1] = 100;			/* past the device: left out */
	disk->extents[2] = 4;			/* twice: once */
	disk->extents[3] = 6;
	disk->extents[4] = 8;
	disk->extents[5] = 9;			/* a fourth: no slot */
	liox_mirror_al_preload(al, disk, 100);
	KUNIT_EXPECT_EQ(test, 3U, al->used);
	KUNIT_EXPECT_EQ(test, 1U, al_count(test, al, 4));
	KUNIT_EXPECT_EQ(test, 1U, al_count(test, al, 8));
	KUNIT_EXPECT_EQ(test, 0U, al_count(test, al, 9));
	KUNIT_EXPECT_EQ(test, 0U, al_count(test, al, 100));
	/* a hit needs no new record; a new extent reuses the oldest (4) */
	a = liox_mirror_al_get(al, 6, 7, &ins);
	KUNIT_EXPECT_FALSE(test, ins);
	KUNIT_EXPECT_EQ(test, 0ULL, liox_mirror_al_seq(al, a));
	liox_mirror_al_put(al, a);
	a = liox_mirror_al_get(al, 9, 7, &ins);
	KUNIT_EXPECT_TRUE(test, ins);
	KUNIT_EXPECT_EQ(test, 0U, al_count(test, al, 4));
	liox_mirror_al_exit(al);
}

static struct kunit_case liox_mirror_al_cases[] = {
	KUNIT_CASE(al_sizes),
	KUNIT_CASE(al_hits_and_refs),
	KUNIT_CASE(al_least_recently_used),
	KUNIT_CASE(al_waits_for_the_peer_flush),
	KUNIT_CASE(al_waiting_slots_join_after_the_flush),
	KUNIT_CASE(al_preload),
	{}
};

static struct kunit_suite liox_mirror_al_suite = {
	.name = "liox_mirror_al",
	.test_cases = liox_mirror_al_cases,
};

kunit_test_suite(liox_mirror_al_suite);
