// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ipmirror_km/mirror_bitmap.c: geometry, ranges crossing
 * regions and words, the last partial region, empty and overflowing
 * ranges, clean-up of fully covered regions only, the walk for resync,
 * the byte form of BITMAP messages, the OR of one bitmap into another.
 */
#include <kunit/test.h>
#include "src/ipmirror_km/mirror_bitmap.h"

#define RS	(64U << 10)	/* region size: 128 sectors */
#define WORDS	8

struct bm_ctx {
	struct liox_mirror_bitmap bm;
	u64 words[WORDS + 1];	/* one guard word */
};

/* 200 regions: the last one 40 sectors long */
#define DEV	(199ULL * 128 + 40)

static struct bm_ctx *bm_ctx(struct kunit *test, u64 dev_sectors)
{
	struct bm_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->words[WORDS] = 0x5a5a5a5a5a5a5a5aULL;
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_init(&c->bm, c->words, WORDS,
							 dev_sectors, RS));
	return c;
}

static void bitmap_geometry(struct kunit *test)
{
	struct liox_mirror_bitmap bm;
	u64 w[4];

	KUNIT_EXPECT_EQ(test, 200ULL, liox_mirror_bitmap_nr_regions(DEV, RS));
	KUNIT_EXPECT_EQ(test, 199ULL, liox_mirror_bitmap_nr_regions(199 * 128, RS));
	KUNIT_EXPECT_EQ(test, 1ULL, liox_mirror_bitmap_nr_regions(1, RS));
	KUNIT_EXPECT_EQ(test, 4ULL, liox_mirror_bitmap_words(200));
	KUNIT_EXPECT_EQ(test, 3ULL, liox_mirror_bitmap_words(192));
	KUNIT_EXPECT_EQ(test, 0ULL, liox_mirror_bitmap_words(0));

	memset(w, 0xff, sizeof(w));
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_bitmap_init(&bm, w, 4, DEV, RS));
	KUNIT_EXPECT_EQ(test, 200ULL, bm.nr_regions);
	KUNIT_EXPECT_EQ(test, 7, (int)bm.region_shift);
	KUNIT_EXPECT_EQ(test, 0ULL, w[0] | w[1] | w[2] | w[3]);
	KUNIT_EXPECT_EQ(test, -ENOSPC, liox_mirror_bitmap_init(&bm, w, 3, DEV, RS));
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_bitmap_init(&bm, w, 4, DEV, 2048));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_bitmap_init(&bm, w, 4, DEV, 3 * 4096));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_bitmap_init(&bm, w, 4, DEV, 1U << 31));
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_bitmap_init(&bm, w, 4, 0, RS));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_bitmap_init(&bm, w, 4, ~0ULL, RS));
	/* 2^32 regions is the most: 16 TiB in 4 KiB regions */
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			liox_mirror_bitmap_init(&bm, w, 4, 1ULL << 35, 4096));
	KUNIT_EXPECT_EQ(test, -E2BIG,
			liox_mirror_bitmap_init(&bm, w, 4, (1ULL << 35) + 1, 4096));
	/* the largest device, in the largest regions */
	KUNIT_EXPECT_EQ(test, (LIOX_MIRROR_MAX_SECTORS >> 21) + 1,
			liox_mirror_bitmap_nr_regions(LIOX_MIRROR_MAX_SECTORS,
						      1U << 30));
}

static void bitmap_set_ranges(struct kunit *test)
{
	struct bm_ctx *c = bm_ctx(test, DEV);
	struct liox_mirror_bitmap *bm = &c->bm;

	/* inside one region */
	KUNIT_EXPECT_EQ(test, 1LL, liox_mirror_bitmap_set_range(bm, 130, 8));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_test(bm, 1));
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_set_range(bm, 128, 128));
	KUNIT_EXPECT_EQ(test, 1ULL, liox_mirror_bitmap_dirty(bm));
	/* one sector on each side of a boundary */
	KUNIT_EXPECT_EQ(test, 2LL, liox_mirror_bitmap_set_range(bm, 3 * 128 - 1, 2));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_test(bm, 2));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_test(bm, 3));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_test(bm, 4));
	/* exactly one region, on its boundaries */
	KUNIT_EXPECT_EQ(test, 1LL, liox_mirror_bitmap_set_range(bm, 5 * 128, 128));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_test(bm, 6));
	/* across a word: regions 60..70 */
	KUNIT_EXPECT_EQ(test, 11LL,
			liox_mirror_bitmap_set_range(bm, 60 * 128 + 5, 10 * 128));
	KUNIT_EXPECT_EQ(test, 0x7fULL, c->words[1]);
	KUNIT_EXPECT_EQ(test, 0xfULL << 60, c->words[0] & (0xfULL << 60));
	KUNIT_EXPECT_EQ(test, 15ULL, liox_mirror_bitmap_dirty(bm));
	/* length 0 marks nothing, anywhere up to the end */
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_set_range(bm, 1000, 0));
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_set_range(bm, DEV, 0));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_set_range(bm, DEV + 1, 0));
	/* the last, partial region */
	KUNIT_EXPECT_EQ(test, 1LL, liox_mirror_bitmap_set_range(bm, DEV - 1, 1));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_test(bm, 199));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_test(bm, 200));
	/* past the end, wrapping */
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_set_range(bm, DEV - 1, 2));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_set_range(bm, DEV, 1));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_set_range(bm, ~0ULL, 2));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_set_range(bm, 1, ~0ULL));
	KUNIT_EXPECT_EQ(test, 16ULL, liox_mirror_bitmap_dirty(bm));
	KUNIT_EXPECT_EQ(test, 16ULL, liox_mirror_bitmap_recount(bm));
	/* the whole device */
	KUNIT_EXPECT_EQ(test, 184LL, liox_mirror_bitmap_set_range(bm, 0, DEV));
	KUNIT_EXPECT_EQ(test, 200ULL, liox_mirror_bitmap_recount(bm));
	KUNIT_EXPECT_EQ(test, 0xffULL, c->words[3]);	/* nothing past 200 */
	KUNIT_EXPECT_EQ(test, 0x5a5a5a5a5a5a5a5aULL, c->words[WORDS]);
}

static void bitmap_clear_and_test(struct kunit *test)
{
	struct bm_ctx *c = bm_ctx(test, DEV);
	struct liox_mirror_bitmap *bm = &c->bm;

	liox_mirror_bitmap_set_all(bm);
	KUNIT_EXPECT_EQ(test, 200ULL, liox_mirror_bitmap_dirty(bm));
	KUNIT_EXPECT_EQ(test, 0xffULL, c->words[3]);
	/* partly covered regions stay dirty */
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_clear_range(bm, 1, 254));
	KUNIT_EXPECT_EQ(test, 1LL, liox_mirror_bitmap_clear_range(bm, 1, 255));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_test(bm, 1));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_test(bm, 0));
	KUNIT_EXPECT_EQ(test, 2LL, liox_mirror_bitmap_clear_range(bm, 0, 3 * 128));
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_clear_range(bm, 0, 0));
	/* the last partial region is covered when the range reaches the end */
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_clear_range(bm, DEV - 39, 39));
	KUNIT_EXPECT_EQ(test, 1LL, liox_mirror_bitmap_clear_range(bm, DEV - 40, 40));
	KUNIT_EXPECT_EQ(test, 2LL,
			liox_mirror_bitmap_clear_range(bm, 197 * 128, 2 * 128 + 40));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_clear_range(bm, DEV, 1));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_clear_range(bm, ~0ULL, 1));
	KUNIT_EXPECT_EQ(test, 194ULL, liox_mirror_bitmap_dirty(bm));
	KUNIT_EXPECT_EQ(test, 194ULL, liox_mirror_bitmap_recount(bm));

	/* test_range */
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_bitmap_test_range(bm, 0, 3 * 128));
	KUNIT_EXPECT_EQ(test, 1, liox_mirror_bitmap_test_range(bm, 0, 3 * 128 + 1));
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_bitmap_test_range(bm, 3 * 128, 0));
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_bitmap_test_range(bm, DEV - 1, 1));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_test_range(bm, DEV, 1));

	/* single regions */
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_set(bm, 199));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_set(bm, 199));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_set(bm, 200));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_clear(bm, 199));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_clear(bm, 199));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_clear(bm, 1000));
	liox_mirror_bitmap_clear_all(bm);
	KUNIT_EXPECT_EQ(test, 0ULL, liox_mirror_bitmap_dirty(bm));
	KUNIT_EXPECT_EQ(test, 0ULL, c->words[0] | c->words[1] | c->words[2] |
			c->words[3]);
}

static void bitmap_walk(struct kunit *test)
{
	struct bm_ctx *c = bm_ctx(test, DEV);
	struct liox_mirror_bitmap *bm = &c->bm;
	u64 r, sector, nr, n = 0, sum = 0;

	KUNIT_EXPECT_EQ(test, 200ULL, liox_mirror_bitmap_next(bm, 0));
	liox_mirror_bitmap_set(bm, 0);
	liox_mirror_bitmap_set(bm, 63);
	liox_mirror_bitmap_set(bm, 64);
	liox_mirror_bitmap_set(bm, 190);
	liox_mirror_bitmap_set(bm, 199);
	KUNIT_EXPECT_EQ(test, 0ULL, liox_mirror_bitmap_next(bm, 0));
	KUNIT_EXPECT_EQ(test, 63ULL, liox_mirror_bitmap_next(bm, 1));
	KUNIT_EXPECT_EQ(test, 64ULL, liox_mirror_bitmap_next(bm, 64));
	KUNIT_EXPECT_EQ(test, 190ULL, liox_mirror_bitmap_next(bm, 65));
	KUNIT_EXPECT_EQ(test, 199ULL, liox_mirror_bitmap_next(bm, 191));
	KUNIT_EXPECT_EQ(test, 200ULL, liox_mirror_bitmap_next(bm, 200));
	KUNIT_EXPECT_EQ(test, 200ULL, liox_mirror_bitmap_next(bm, ~0ULL));

	/* the resync loop: every dirty region once, sectors that add up */
	for (r = liox_mirror_bitmap_next(bm, 0); r < bm->nr_regions;
	     r = liox_mirror_bitmap_next(bm, r + 1)) {
		liox_mirror_bitmap_region(bm, r, &sector, &nr);
		KUNIT_EXPECT_EQ(test, r * 128, sector);
		sum += nr;
		n++;
		KUNIT_EXPECT_EQ(test, 1LL,
				liox_mirror_bitmap_clear_range(bm, sector, nr));
	}
	KUNIT_EXPECT_EQ(test, 5ULL, n);
	KUNIT_EXPECT_EQ(test, 4 * 128ULL + 40, sum);
	KUNIT_EXPECT_EQ(test, 0ULL, liox_mirror_bitmap_dirty(bm));

	/* a device of exactly one word of regions */
	c = bm_ctx(test, 64 * 128);
	liox_mirror_bitmap_set_all(&c->bm);
	KUNIT_EXPECT_EQ(test, ~0ULL, c->words[0]);
	KUNIT_EXPECT_EQ(test, 0ULL, c->words[1]);
	KUNIT_EXPECT_EQ(test, 63ULL, liox_mirror_bitmap_next(&c->bm, 63));
	liox_mirror_bitmap_clear(&c->bm, 63);
	KUNIT_EXPECT_EQ(test, 64ULL, liox_mirror_bitmap_next(&c->bm, 63));
}

static void bitmap_bytes(struct kunit *test)
{
	struct bm_ctx *c = bm_ctx(test, DEV), *d = bm_ctx(test, DEV);
	u8 out[26], in[4] = { 0x81, 0x00, 0xff, 0xff };

	liox_mirror_bitmap_set(&c->bm, 0);
	liox_mirror_bitmap_set(&c->bm, 9);
	liox_mirror_bitmap_set(&c->bm, 71);
	liox_mirror_bitmap_set(&c->bm, 199);
	memset(out, 0xee, sizeof(out));
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_get_bytes(&c->bm, 0, out, 200));
	KUNIT_EXPECT_EQ(test, 0x01, (int)out[0]);
	KUNIT_EXPECT_EQ(test, 0x02, (int)out[1]);
	KUNIT_EXPECT_EQ(test, 0x80, (int)out[8]);
	KUNIT_EXPECT_EQ(test, 0x80, (int)out[24]);
	KUNIT_EXPECT_EQ(test, 0xee, (int)out[25]);
	/* a piece, tail bits cleared */
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_get_bytes(&c->bm, 64, out, 5));
	KUNIT_EXPECT_EQ(test, 0x00, (int)out[0]);
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_get_bytes(&c->bm, 64, out, 8));
	KUNIT_EXPECT_EQ(test, 0x80, (int)out[0]);
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_get_bytes(&c->bm, 4, out, 8));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			liox_mirror_bitmap_get_bytes(&c->bm, 192, out, 9));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			liox_mirror_bitmap_get_bytes(&c->bm, 208, out, 0));

	/* round trip, then a merge ORs and counts only new regions */
	liox_mirror_bitmap_get_bytes(&c->bm, 0, out, 200);
	KUNIT_EXPECT_EQ(test, 4LL, liox_mirror_bitmap_merge_bytes(&d->bm, 0, out, 200));
	KUNIT_EXPECT_EQ(test, 0, memcmp(c->words, d->words, sizeof(c->words)));
	KUNIT_EXPECT_EQ(test, 1LL, liox_mirror_bitmap_merge_bytes(&d->bm, 0, in, 8));
	KUNIT_EXPECT_TRUE(test, liox_mirror_bitmap_test(&d->bm, 7));
	/* bits past nbits are ignored */
	KUNIT_EXPECT_EQ(test, 6LL,
			liox_mirror_bitmap_merge_bytes(&d->bm, 176, in, 20));
	KUNIT_EXPECT_EQ(test, 176ULL, liox_mirror_bitmap_next(&d->bm, 72));
	KUNIT_EXPECT_EQ(test, 195ULL, liox_mirror_bitmap_next(&d->bm, 195));
	KUNIT_EXPECT_EQ(test, 199ULL, liox_mirror_bitmap_next(&d->bm, 196));
	KUNIT_EXPECT_EQ(test, 11ULL, liox_mirror_bitmap_recount(&d->bm));
	KUNIT_EXPECT_EQ(test, 11ULL, liox_mirror_bitmap_dirty(&d->bm));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			liox_mirror_bitmap_merge_bytes(&d->bm, 192, in, 9));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			liox_mirror_bitmap_merge_bytes(&d->bm, 3, in, 1));
}

/* the unflushed sets of a link going down join the dirty bitmap */
static void bitmap_or_into(struct kunit *test)
{
	struct bm_ctx *c = bm_ctx(test, DEV), *d = bm_ctx(test, DEV);
	struct bm_ctx *other = bm_ctx(test, DEV - 128);

	liox_mirror_bitmap_set(&c->bm, 0);
	liox_mirror_bitmap_set(&c->bm, 63);
	liox_mirror_bitmap_set(&c->bm, 64);
	liox_mirror_bitmap_set(&c->bm, 130);
	liox_mirror_bitmap_set(&c->bm, 199);
	liox_mirror_bitmap_set(&d->bm, 63);
	/* a range ending inside a word: 130 and 199 are outside */
	KUNIT_EXPECT_EQ(test, 2LL, liox_mirror_bitmap_or(&d->bm, &c->bm, 0, 129));
	KUNIT_EXPECT_FALSE(test, liox_mirror_bitmap_test(&d->bm, 130));
	KUNIT_EXPECT_EQ(test, 3ULL, liox_mirror_bitmap_dirty(&d->bm));
	/* the rest, up to the last region; nothing counted twice */
	KUNIT_EXPECT_EQ(test, 2LL, liox_mirror_bitmap_or(&d->bm, &c->bm, 128, 72));
	KUNIT_EXPECT_EQ(test, 0, memcmp(c->words, d->words, sizeof(c->words)));
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_or(&d->bm, &c->bm, 0, 200));
	KUNIT_EXPECT_EQ(test, 5ULL, liox_mirror_bitmap_recount(&d->bm));
	KUNIT_EXPECT_EQ(test, 5ULL, liox_mirror_bitmap_dirty(&d->bm));
	/* an empty range, a bad start, past the end, another geometry */
	KUNIT_EXPECT_EQ(test, 0LL, liox_mirror_bitmap_or(&d->bm, &c->bm, 192, 0));
	KUNIT_EXPECT_EQ(test, -ERANGE, liox_mirror_bitmap_or(&d->bm, &c->bm, 8, 8));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			liox_mirror_bitmap_or(&d->bm, &c->bm, 192, 9));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			liox_mirror_bitmap_or(&d->bm, &other->bm, 0, 64));
}

static struct kunit_case liox_mirror_bitmap_cases[] = {
	KUNIT_CASE(bitmap_geometry),
	KUNIT_CASE(bitmap_set_ranges),
	KUNIT_CASE(bitmap_clear_and_test),
	KUNIT_CASE(bitmap_walk),
	KUNIT_CASE(bitmap_bytes),
	KUNIT_CASE(bitmap_or_into),
	{}
};

static struct kunit_suite liox_mirror_bitmap_suite = {
	.name = "liox_mirror_bitmap",
	.test_cases = liox_mirror_bitmap_cases,
};

kunit_test_suite(liox_mirror_bitmap_suite);
