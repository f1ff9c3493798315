// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ipmirror_km/mirror_gen.c: every resync-direction rule,
 * its mirror image from the peer's side, and the generation lifecycle
 * through outages, resyncs, split brain and failover.
 */
#include <kunit/test.h>
#include "src/ipmirror_km/mirror_gen.h"

enum {
	NONE = LIOX_MIRROR_RESYNC_NONE,
	TO = LIOX_MIRROR_RESYNC_TO_PEER,
	FROM = LIOX_MIRROR_RESYNC_FROM_PEER,
	SB = LIOX_MIRROR_RESYNC_SPLIT_BRAIN,
	UNREL = LIOX_MIRROR_RESYNC_UNRELATED,
};

static int mirror_dir(int dir)
{
	return dir == TO ? FROM : dir == FROM ? TO : dir;
}

/* rules 2/3, 5/6 and 8/9 are each other's mirror image */
static int mirror_rule(int rule)
{
	switch (rule) {
	case 2: case 5: case 8:
		return rule + 1;
	case 3: case 6: case 9:
		return rule - 1;
	default:
		return rule;
	}
}

/* decide() both ways round: mirror-image directions and rules */
static void expect_plan(struct kunit *test, const struct liox_mirror_gens *a,
			const struct liox_mirror_gens *b, int dir, bool full,
			int rule)
{
	struct liox_mirror_resync_plan p = liox_mirror_gen_decide(a, b);
	struct liox_mirror_resync_plan q = liox_mirror_gen_decide(b, a);

	KUNIT_EXPECT_EQ_MSG(test, dir, (int)p.dir, "rule %d, got rule %d",
			    rule, p.rule);
	KUNIT_EXPECT_EQ(test, full, p.full);
	KUNIT_EXPECT_EQ(test, rule, (int)p.rule);
	KUNIT_EXPECT_EQ(test, mirror_dir(dir), (int)q.dir);
	KUNIT_EXPECT_EQ(test, full, q.full);
	KUNIT_EXPECT_EQ(test, mirror_rule(rule), (int)q.rule);
}

static void gen_rules(struct kunit *test)
{
	struct liox_mirror_gens a = { }, b = { };

	expect_plan(test, &a, &b, NONE, false, 1);		/* both fresh */
	a.current_gen = 10;
	expect_plan(test, &a, &b, TO, true, 2);			/* peer fresh */
	expect_plan(test, &b, &a, FROM, true, 3);
	b.current_gen = 10;
	expect_plan(test, &a, &b, NONE, false, 4);
	a = (struct liox_mirror_gens){ .current_gen = 11, .bitmap_gen = 10 };
	expect_plan(test, &a, &b, TO, false, 5);
	expect_plan(test, &b, &a, FROM, false, 6);
	b = (struct liox_mirror_gens){ .current_gen = 12, .bitmap_gen = 10 };
	expect_plan(test, &a, &b, SB, false, 7);
	a = (struct liox_mirror_gens){ .current_gen = 13, .history = { 1, 10 } };
	b = (struct liox_mirror_gens){ .current_gen = 10 };
	expect_plan(test, &a, &b, TO, true, 8);
	expect_plan(test, &b, &a, FROM, true, 9);
	b = (struct liox_mirror_gens){ .current_gen = 14, .bitmap_gen = 2,
				       .history = { 9, 8, 7, 1 } };
	expect_plan(test, &a, &b, SB, true, 10);		/* common: 1 */
	b.history[3] = 6;
	expect_plan(test, &a, &b, UNREL, true, 11);
	a.bitmap_gen = 7;					/* bitmap in history */
	expect_plan(test, &a, &b, SB, true, 10);
	/* zero entries never match */
	a = (struct liox_mirror_gens){ .current_gen = 20 };
	b = (struct liox_mirror_gens){ .current_gen = 21 };
	expect_plan(test, &a, &b, UNREL, true, 11);
}

static void gen_outage_and_resync(struct kunit *test)
{
	struct liox_mirror_gens p = { .current_gen = 100 }, s = p;

	/* the primary loses its peer and writes on */
	liox_mirror_gen_new_current(&p, 200);
	KUNIT_EXPECT_EQ(test, 200ULL, p.current_gen);
	KUNIT_EXPECT_EQ(test, 100ULL, p.bitmap_gen);
	expect_plan(test, &p, &s, TO, false, 5);
	/* a second outage before the resync: the bitmap keeps the old point */
	liox_mirror_gen_new_current(&p, 300);
	KUNIT_EXPECT_EQ(test, 100ULL, p.bitmap_gen);
	KUNIT_EXPECT_EQ(test, 200ULL, p.history[0]);
	expect_plan(test, &p, &s, TO, false, 5);
	/* resync done on both sides: in sync */
	liox_mirror_gen_sync_done(&p);
	liox_mirror_gen_adopt(&s, p.current_gen);
	KUNIT_EXPECT_EQ(test, 0ULL, p.bitmap_gen);
	KUNIT_EXPECT_EQ(test, 100ULL, p.history[0]);
	KUNIT_EXPECT_EQ(test, 300ULL, s.current_gen);
	KUNIT_EXPECT_EQ(test, 100ULL, s.history[0]);
	expect_plan(test, &p, &s, NONE, false, 4);
	/* adopting what one already has pushes nothing */
	liox_mirror_gen_adopt(&s, 300);
	KUNIT_EXPECT_EQ(test, 100ULL, s.history[0]);
	KUNIT_EXPECT_EQ(test, 0ULL, s.history[1]);
	/* sync_done without a bitmap generation changes nothing */
	liox_mirror_gen_sync_done(&s);
	KUNIT_EXPECT_EQ(test, 100ULL, s.history[0]);
}

static void gen_failover_and_split_brain(struct kunit *test)
{
	struct liox_mirror_gens a = { .current_gen = 100 }, b = a, a2;

	/* a dies, b is promoted and writes: a comes back as secondary */
	liox_mirror_gen_new_current(&b, 500);
	expect_plan(test, &a, &b, FROM, false, 6);
	/* had a also written (forced primary while apart): split brain */
	a2 = a;
	liox_mirror_gen_new_current(&a2, 600);
	expect_plan(test, &a2, &b, SB, false, 7);
	/* after a full resync, the old peer only in a's history */
	liox_mirror_gen_sync_done(&b);
	liox_mirror_gen_new_current(&b, 700);
	liox_mirror_gen_sync_done(&b);
	expect_plan(test, &b, &a, TO, true, 8);
	/* the history is bounded: the oldest generations fall out */
	liox_mirror_gen_new_current(&b, 800);
	liox_mirror_gen_sync_done(&b);
	liox_mirror_gen_new_current(&b, 900);
	liox_mirror_gen_sync_done(&b);
	liox_mirror_gen_new_current(&b, 1000);
	liox_mirror_gen_sync_done(&b);
	KUNIT_EXPECT_EQ(test, 900ULL, b.history[0]);
	KUNIT_EXPECT_EQ(test, 500ULL, b.history[3]);
	expect_plan(test, &b, &a, UNREL, true, 11);
}

static void gen_new_current_never_zero(struct kunit *test)
{
	struct liox_mirror_gens g = { };

	liox_mirror_gen_new_current(&g, 0);
	KUNIT_EXPECT_EQ(test, 1ULL, g.current_gen);
	KUNIT_EXPECT_EQ(test, 0ULL, g.bitmap_gen);	/* fresh: nothing to track */
	KUNIT_EXPECT_STREQ(test, "source",
			   liox_mirror_resync_name(LIOX_MIRROR_RESYNC_TO_PEER));
	KUNIT_EXPECT_STREQ(test, "split-brain",
			   liox_mirror_resync_name(LIOX_MIRROR_RESYNC_SPLIT_BRAIN));
	KUNIT_EXPECT_STREQ(test, "?", liox_mirror_resync_name(99));
}

static struct kunit_case liox_mirror_gen_cases[] = {
	KUNIT_CASE(gen_rules),
	KUNIT_CASE(gen_outage_and_resync),
	KUNIT_CASE(gen_failover_and_split_brain),
	KUNIT_CASE(gen_new_current_never_zero),
	{}
};

static struct kunit_suite liox_mirror_gen_suite = {
	.name = "liox_mirror_gen",
	.test_cases = liox_mirror_gen_cases,
};

kunit_test_suite(liox_mirror_gen_suite);
