// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ipmirror_km/mirror_md.c: the metadata area byte by byte,
 * round trips, every refusal of the header, of the bits and of the
 * activity log.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "src/ipmirror_km/mirror_crc.h"
#include "src/ipmirror_km/mirror_md.h"

#define RS	(64U << 10)
#define DEV	(199ULL * 128 + 40)	/* 200 regions */
#define BITS	25

struct md_ctx {
	u64 w1[4], w2[4];
	struct liox_mirror_bitmap bm, out;
	struct liox_mirror_md md, md2;
	u8 hdr[LIOX_MIRROR_MD_HDR_LEN];
	u8 bits[BITS + 8];
	enum liox_mirror_md_reason why;
};

static struct md_ctx *md_ctx(struct kunit *test)
{
	struct md_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_init(&c->bm, c->w1, 4, DEV, RS));
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_init(&c->out, c->w2, 4, DEV, RS));
	liox_mirror_bitmap_set_range(&c->bm, 0, 1);
	liox_mirror_bitmap_set_range(&c->bm, 100 * 128, 300);
	liox_mirror_bitmap_set_range(&c->bm, DEV - 1, 1);
	c->md.flags = LIOX_MIRROR_MD_F_PRIMARY;
	c->md.gens.current_gen = 0x1234;
	c->md.gens.bitmap_gen = 0x99;
	c->md.gens.history[3] = 7;
	liox_mirror_md_from_bitmap(&c->md, &c->bm);
	liox_mirror_md_encode_hdr(&c->md, c->hdr);
	liox_mirror_md_encode_bits(&c->bm, 0, c->bits, sizeof(c->bits));
	return c;
}

static int decode_hdr(struct md_ctx *c)
{
	return liox_mirror_md_decode_hdr(c->hdr, sizeof(c->hdr), &c->md2, &c->why);
}

static int decode_bits(struct md_ctx *c)
{
	return liox_mirror_md_decode_bits(&c->md, c->bits, BITS, &c->out, &c->why);
}

static void md_layout(struct kunit *test)
{
	struct md_ctx *c = md_ctx(test);
	u8 *b = c->hdr;

	KUNIT_EXPECT_EQ(test, 25ULL, liox_mirror_md_bits_len(200));
	KUNIT_EXPECT_EQ(test, 8192ULL, liox_mirror_md_size(200));
	KUNIT_EXPECT_EQ(test, 4096ULL, liox_mirror_md_size(0));
	KUNIT_EXPECT_EQ(test, 8192ULL, liox_mirror_md_size(4096 * 8));
	KUNIT_EXPECT_EQ(test, 12288ULL, liox_mirror_md_size(4096 * 8 + 1));
	KUNIT_EXPECT_EQ(test, 4096ULL + (512ULL << 20),
			liox_mirror_md_size(LIOX_MIRROR_MAX_REGIONS));

	KUNIT_EXPECT_EQ(test, 0x4c494f42U, get_unaligned_be32(b));
	KUNIT_EXPECT_EQ(test, 1, (int)get_unaligned_be16(b + 4));
	KUNIT_EXPECT_EQ(test, 96, (int)get_unaligned_be16(b + 6));
	KUNIT_EXPECT_EQ(test, 1U, get_unaligned_be32(b + 8));
	KUNIT_EXPECT_EQ(test, RS, get_unaligned_be32(b + 12));
	KUNIT_EXPECT_EQ(test, DEV, get_unaligned_be64(b + 16));
	KUNIT_EXPECT_EQ(test, 200ULL, get_unaligned_be64(b + 24));
	KUNIT_EXPECT_EQ(test, 5ULL, get_unaligned_be64(b + 32));	/* 0, 100-102, 199 */
	KUNIT_EXPECT_EQ(test, 0x1234ULL, get_unaligned_be64(b + 40));
	KUNIT_EXPECT_EQ(test, 0x99ULL, get_unaligned_be64(b + 48));
	KUNIT_EXPECT_EQ(test, 7ULL, get_unaligned_be64(b + 80));
	KUNIT_EXPECT_EQ(test, liox_mirror_crc(c->bits, BITS), get_unaligned_be32(b + 88));
	KUNIT_EXPECT_EQ(test, liox_mirror_crc(b, 92), get_unaligned_be32(b + 92));
	KUNIT_EXPECT_EQ(test, 0x01, (int)c->bits[0]);
	KUNIT_EXPECT_EQ(test, 0x70, (int)c->bits[12]);		/* 100..102 */
	KUNIT_EXPECT_EQ(test, 0x80, (int)c->bits[24]);
	KUNIT_EXPECT_EQ(test, 0, (int)c->bits[25]);		/* padding */

	/* a piece at an offset, zero past the regions */
	memset(c->bits, 0xee, sizeof(c->bits));
	liox_mirror_md_encode_bits(&c->bm, 12, c->bits, 16);
	KUNIT_EXPECT_EQ(test, 0x70, (int)c->bits[0]);
	KUNIT_EXPECT_EQ(test, 0x80, (int)c->bits[12]);
	KUNIT_EXPECT_EQ(test, 0, (int)c->bits[13]);
	KUNIT_EXPECT_EQ(test, 0, (int)c->bits[15]);
	KUNIT_EXPECT_EQ(test, 0xee, (int)c->bits[16]);
	memset(c->bits, 0xee, sizeof(c->bits));
	liox_mirror_md_encode_bits(&c->bm, 4096, c->bits, 8);
	KUNIT_EXPECT_EQ(test, 0, (int)c->bits[0]);
	KUNIT_EXPECT_EQ(test, 0xee, (int)c->bits[8]);
}

static void md_round_trip(struct kunit *test)
{
	struct md_ctx *c = md_ctx(test);

	KUNIT_ASSERT_EQ(test, 0, decode_hdr(c));
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_MD_OK, c->why);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&c->md, &c->md2, sizeof(c->md)));
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_md_decode_bits(&c->md2, c->bits, BITS,
							    &c->out, &c->why));
	KUNIT_EXPECT_EQ(test, 0, memcmp(c->w1, c->w2, sizeof(c->w1)));
	KUNIT_EXPECT_EQ(test, 5ULL, liox_mirror_bitmap_dirty(&c->out));
	/* loading replaces what the bitmap held */
	liox_mirror_bitmap_set_all(&c->out);
	KUNIT_EXPECT_EQ(test, 0, decode_bits(c));
	KUNIT_EXPECT_EQ(test, 5ULL, liox_mirror_bitmap_dirty(&c->out));
	/* an empty bitmap */
	liox_mirror_bitmap_clear_all(&c->bm);
	liox_mirror_md_from_bitmap(&c->md, &c->bm);
	liox_mirror_md_encode_bits(&c->bm, 0, c->bits, sizeof(c->bits));
	KUNIT_EXPECT_EQ(test, 0, decode_bits(c));
	KUNIT_EXPECT_EQ(test, 0ULL, liox_mirror_bitmap_dirty(&c->out));
}

static void expect_md(struct kunit *test, struct md_ctx *c,
		      int (*call)(struct md_ctx *c), int err,
		      enum liox_mirror_md_reason reason)
{
	KUNIT_EXPECT_EQ(test, err, call(c));
	KUNIT_EXPECT_STREQ(test, liox_mirror_md_reason_name(reason),
			   liox_mirror_md_reason_name(c->why));
}

/* In a test with locals test and c: the header with @stmt done to m. */
#define HDR_FIELD(stmt, err, reason) do {				\
	struct liox_mirror_md m = c->md;				\
	stmt;								\
	liox_mirror_md_encode_hdr(&m, c->hdr);				\
	expect_md(test, c, decode_hdr, err, reason);			\
} while (0)

static void md_header_refusals(struct kunit *test)
{
	struct md_ctx *c = md_ctx(test);

	KUNIT_EXPECT_EQ(test, -EUCLEAN,
			liox_mirror_md_decode_hdr(c->hdr, 95, &c->md2, &c->why));
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_MD_SHORT, c->why);
	c->hdr[0] = 0;
	expect_md(test, c, decode_hdr, -EUCLEAN, LIOX_MIRROR_MD_BAD_MAGIC);
	liox_mirror_md_encode_hdr(&c->md, c->hdr);
	c->hdr[5] = 2;
	expect_md(test, c, decode_hdr, -EUCLEAN, LIOX_MIRROR_MD_BAD_VERSION);
	c->hdr[5] = 1;
	c->hdr[7] = 95;
	expect_md(test, c, decode_hdr, -EUCLEAN, LIOX_MIRROR_MD_BAD_VERSION);
	c->hdr[7] = 96;
	c->hdr[60] ^= 1;
	expect_md(test, c, decode_hdr, -EBADMSG, LIOX_MIRROR_MD_HDR_CRC);
	c->hdr[60] ^= 1;
	KUNIT_EXPECT_EQ(test, 0, decode_hdr(c));

	HDR_FIELD(m.flags = LIOX_MIRROR_MD_F_ALL + 1, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_FLAGS);
	HDR_FIELD(m.region_size = 2048, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	HDR_FIELD(m.region_size = 3 << 12, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	HDR_FIELD(m.region_size = 1U << 31, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	HDR_FIELD(m.dev_sectors = 0, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	HDR_FIELD(m.dev_sectors = ~0ULL, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	HDR_FIELD(m.nr_regions = 199, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	/* consistent, but more than 2^32 regions */
	HDR_FIELD((m.dev_sectors = 1ULL << 40, m.region_size = 4096,
		   m.nr_regions = 1ULL << 37), -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GEOMETRY);
	HDR_FIELD(m.dirty = 201, -EUCLEAN, LIOX_MIRROR_MD_BAD_COUNT);
	HDR_FIELD(m.dirty = 200, 0, LIOX_MIRROR_MD_OK);
	HDR_FIELD(m.gens.current_gen = 0, -EUCLEAN,
		  LIOX_MIRROR_MD_BAD_GENS);
	HDR_FIELD(m.flags = LIOX_MIRROR_MD_F_ALL, 0, LIOX_MIRROR_MD_OK);
}

static void md_bits_refusals(struct kunit *test)
{
	struct md_ctx *c = md_ctx(test);
	u64 w3[8];
	struct liox_mirror_bitmap other;

	KUNIT_EXPECT_EQ(test, 0, decode_bits(c));
	KUNIT_EXPECT_EQ(test, -EUCLEAN,
			liox_mirror_md_decode_bits(&c->md, c->bits, BITS - 1,
						   &c->out, &c->why));
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_MD_BITS_SHORT, c->why);
	c->bits[3] ^= 0x10;
	expect_md(test, c, decode_bits, -EBADMSG, LIOX_MIRROR_MD_BITS_CRC);
	c->bits[3] ^= 0x10;
	/* bytes past the bits are not read */
	c->bits[BITS] = 0xff;
	KUNIT_EXPECT_EQ(test, 0, decode_bits(c));
	/* with 196 regions, bits 4..7 of the last byte do not exist */
	c->md.nr_regions = 196;
	c->md.dev_sectors = 196 * 128;
	KUNIT_ASSERT_EQ(test, 0x80, (int)c->bits[24]);
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_init(&other, w3, 8, 196 * 128, RS));
	KUNIT_EXPECT_EQ(test, -EUCLEAN,
			liox_mirror_md_decode_bits(&c->md, c->bits, BITS, &other,
						   &c->why));
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_MD_STRAY_BITS, c->why);
	c->bits[24] = 0x08;		/* region 195: fine */
	c->md.bits_crc = liox_mirror_crc(c->bits, BITS);
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_md_decode_bits(&c->md, c->bits, BITS,
							    &other, &c->why));
	c = md_ctx(test);
	/* a count that does not match the bits */
	c->md.dirty = 4;
	expect_md(test, c, decode_bits, -EUCLEAN, LIOX_MIRROR_MD_COUNT_MISMATCH);
	c->md.dirty = 5;
	/* a bitmap of another geometry */
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_init(&c->out, c->w2, 4, DEV,
							 RS * 2));
	expect_md(test, c, decode_bits, -EINVAL, LIOX_MIRROR_MD_WRONG_BITMAP);
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_bitmap_init(&c->out, c->w2, 4, DEV - 8,
							 RS));
	expect_md(test, c, decode_bits, -EINVAL, LIOX_MIRROR_MD_WRONG_BITMAP);

	KUNIT_EXPECT_STREQ(test, "stray-bits",
			   liox_mirror_md_reason_name(LIOX_MIRROR_MD_STRAY_BITS));
	KUNIT_EXPECT_STREQ(test, "?",
			   liox_mirror_md_reason_name(LIOX_MIRROR_MD_NR_REASONS));
}

/* The activity log at 512 of the header block, and what it refuses. */
static void md_al(struct kunit *test)
{
	struct liox_mirror_md_al *al, *out;
	u8 *blk, *p;
	u32 crc;

	al = kunit_kzalloc(test, sizeof(*al), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	blk = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, al);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, blk);
	p = blk + LIOX_MIRROR_MD_AL_OFFSET;
	KUNIT_EXPECT_EQ(test, 892, LIOX_MIRROR_MD_AL_MAX);
	KUNIT_EXPECT_EQ(test, 4096, LIOX_MIRROR_MD_AL_LEN);

	/* zeroes, as older headers have: none */
	KUNIT_EXPECT_EQ(test, -ENOENT, liox_mirror_md_decode_al(blk, 4096, out));

	al->shift = 13;
	al->count = 3;
	al->extents[0] = 5;
	al->extents[1] = 0;
	al->extents[2] = 0xfffffffe;
	memset(blk, 0xee, 4096);
	liox_mirror_md_encode_al(al, blk);
	KUNIT_EXPECT_EQ(test, 0xeeU, blk[LIOX_MIRROR_MD_AL_OFFSET - 1]);
	KUNIT_EXPECT_EQ(test, 0x4c494f41U, get_unaligned_be32(p));
	KUNIT_EXPECT_EQ(test, 13U, get_unaligned_be32(p + 4));
	KUNIT_EXPECT_EQ(test, 3U, get_unaligned_be32(p + 8));
	crc = liox_mirror_crc_update(LIOX_MIRROR_CRC_INIT, p, 12);
	crc = liox_mirror_crc_final(liox_mirror_crc_update(crc, p + 16, 12));
	KUNIT_EXPECT_EQ(test, crc, get_unaligned_be32(p + 12));
	KUNIT_EXPECT_EQ(test, 5U, get_unaligned_be32(p + 16));
	KUNIT_EXPECT_EQ(test, 0xfffffffeU, get_unaligned_be32(p + 24));
	KUNIT_EXPECT_EQ(test, 0U, get_unaligned_be32(p + 28));	/* unused: 0 */
	KUNIT_EXPECT_EQ(test, 0U, get_unaligned_be32(blk + 4092));

	KUNIT_ASSERT_EQ(test, 0, liox_mirror_md_decode_al(blk, 4096, out));
	KUNIT_EXPECT_EQ(test, 13U, out->shift);
	KUNIT_EXPECT_EQ(test, 3U, out->count);
	KUNIT_EXPECT_EQ(test, 5U, out->extents[0]);
	KUNIT_EXPECT_EQ(test, 0xfffffffeU, out->extents[2]);

	/* short block, CRC, count, extent size */
	KUNIT_EXPECT_EQ(test, -ENOENT, liox_mirror_md_decode_al(blk, 4095, out));
	p[17] ^= 1;
	KUNIT_EXPECT_EQ(test, -EBADMSG, liox_mirror_md_decode_al(blk, 4096, out));
	KUNIT_EXPECT_EQ(test, 0U, out->count);
	p[17] ^= 1;
	put_unaligned_be32(LIOX_MIRROR_MD_AL_MAX + 1, p + 8);
	KUNIT_EXPECT_EQ(test, -EUCLEAN, liox_mirror_md_decode_al(blk, 4096, out));
	al->shift = 12;
	liox_mirror_md_encode_al(al, blk);
	KUNIT_EXPECT_EQ(test, -EUCLEAN, liox_mirror_md_decode_al(blk, 4096, out));
	al->shift = LIOX_MIRROR_MD_AL_SHIFT_MAX + 1;
	liox_mirror_md_encode_al(al, blk);
	KUNIT_EXPECT_EQ(test, -EUCLEAN, liox_mirror_md_decode_al(blk, 4096, out));

	/* a full log fills the block exactly; more is cut at the maximum */
	al->shift = 13;
	al->count = LIOX_MIRROR_MD_AL_MAX + 5;
	liox_mirror_md_encode_al(al, blk);
	KUNIT_EXPECT_EQ(test, (u32)LIOX_MIRROR_MD_AL_MAX, get_unaligned_be32(p + 8));
	KUNIT_ASSERT_EQ(test, 0, liox_mirror_md_decode_al(blk, 4096, out));
	KUNIT_EXPECT_EQ(test, (u32)LIOX_MIRROR_MD_AL_MAX, out->count);
}

static struct kunit_case liox_mirror_md_cases[] = {
	KUNIT_CASE(md_layout),
	KUNIT_CASE(md_round_trip),
	KUNIT_CASE(md_header_refusals),
	KUNIT_CASE(md_bits_refusals),
	KUNIT_CASE(md_al),
	{}
};

static struct kunit_suite liox_mirror_md_suite = {
	.name = "liox_mirror_md",
	.test_cases = liox_mirror_md_cases,
};

kunit_test_suite(liox_mirror_md_suite);
