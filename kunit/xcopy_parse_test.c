// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for xcopy_engine/xcopy_parse.c: every descriptor type we
 * accept, every limit, and every error path with the sense data SPC-4
 * asks for.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include "src/xcopy_engine/xcopy_desc.h"

/* A parameter list under construction. */
struct pl {
	u8 buf[4096];
	u32 cscd_len;
	u32 seg_len;
	u32 inline_len;
	u8 segs[2048];
};

static const u8 naa_a[16] = { 0x60, 0x01, 0x40, 0x50, 1, 2, 3, 4,
			      5, 6, 7, 8, 9, 10, 11, 12 };
static const u8 naa_b[16] = { 0x60, 0x01, 0x40, 0x50, 9, 9, 9, 9,
			      5, 6, 7, 8, 9, 10, 11, 12 };

/* E4h descriptor: @pdt, designator (code set, type, bytes), block length */
static u8 *pl_ident(struct pl *pl, u8 pdt, u8 code_set, u8 type,
		    const void *id, u8 len, u32 block_len, u8 flags28)
{
	u8 *d = pl->buf + LIOX_XCOPY_HDR_LEN + pl->cscd_len;

	memset(d, 0, 32);
	d[0] = LIOX_XCOPY_CSCD_IDENT;
	d[1] = pdt;
	d[4] = code_set;
	d[5] = type;		/* association 0: logical unit */
	d[7] = len;
	memcpy(d + 8, id, len);
	d[28] = flags28;
	put_unaligned_be24(block_len, d + 29);
	pl->cscd_len += 32;
	return d;
}

static u8 *pl_disk(struct pl *pl, const u8 *naa, u32 block_len)
{
	return pl_ident(pl, LIOX_XCOPY_PDT_DISK, 1, LIOX_XCOPY_DESIG_NAA,
			naa, 16, block_len, 0);
}

static u8 *pl_tape(struct pl *pl, bool fixed, u32 block_len)
{
	return pl_ident(pl, LIOX_XCOPY_PDT_TAPE, 1, LIOX_XCOPY_DESIG_NAA,
			naa_b, 16, block_len, fixed ? 0x01 : 0);
}

static u8 *pl_port_group(struct pl *pl, const char *name)
{
	u8 *d = pl->buf + LIOX_XCOPY_HDR_LEN + pl->cscd_len;

	memset(d, 0, 32);
	d[0] = LIOX_XCOPY_CSCD_PORT_GROUP;
	memcpy(d + 4, name, strlen(name));
	pl->cscd_len += 32;
	return d;
}

static u8 *pl_b2b(struct pl *pl, u16 src, u16 dst, u16 nblocks, u64 slba,
		  u64 dlba, u8 flags)
{
	u8 *d = pl->segs + pl->seg_len;

	memset(d, 0, 28);
	d[0] = LIOX_XCOPY_SEG_BLOCK_TO_BLOCK;
	d[1] = flags;
	put_unaligned_be16(0x18, d + 2);
	put_unaligned_be16(src, d + 4);
	put_unaligned_be16(dst, d + 6);
	put_unaligned_be16(nblocks, d + 10);
	put_unaligned_be64(slba, d + 12);
	put_unaligned_be64(dlba, d + 20);
	pl->seg_len += 28;
	return d;
}

static u8 *pl_stream(struct pl *pl, u8 type, u16 src, u16 dst, u32 slen,
		     u16 nblocks, u64 lba, u8 flags)
{
	u8 *d = pl->segs + pl->seg_len;

	memset(d, 0, 24);
	d[0] = type;
	d[1] = flags;
	put_unaligned_be16(0x14, d + 2);
	put_unaligned_be16(src, d + 4);
	put_unaligned_be16(dst, d + 6);
	put_unaligned_be24(slen, d + 9);
	put_unaligned_be16(nblocks, d + 14);
	put_unaligned_be64(lba, d + 16);
	pl->seg_len += 24;
	return d;
}

/* Finish the header; returns the parameter list length. */
static u32 pl_end(struct pl *pl, u8 list_id, u8 byte1)
{
	pl->buf[0] = list_id;
	pl->buf[1] = byte1;
	put_unaligned_be16(pl->cscd_len, pl->buf + 2);
	put_unaligned_be32(pl->seg_len, pl->buf + 8);
	put_unaligned_be32(pl->inline_len, pl->buf + 12);
	memcpy(pl->buf + LIOX_XCOPY_HDR_LEN + pl->cscd_len, pl->segs,
	       pl->seg_len);
	return LIOX_XCOPY_HDR_LEN + pl->cscd_len + pl->seg_len + pl->inline_len;
}

struct ctx {
	struct pl pl;
	struct liox_xcopy_list list;
	struct liox_xcopy_err err;
};

static struct ctx *ctx_new(struct kunit *test)
{
	struct ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	return c;
}

static int parse(struct ctx *c, u32 len)
{
	memset(&c->err, 0, sizeof(c->err));
	return liox_xcopy_parse(c->pl.buf, len, &c->list, &c->err);
}

/* Expect a refusal with this key/asc/ascq and field pointer (-1: none). */
static void expect_sense(struct kunit *test, const struct ctx *c, int key,
			 int asc, int ascq, int field)
{
	KUNIT_EXPECT_EQ(test, key, (int)c->err.key);
	KUNIT_EXPECT_EQ(test, asc, (int)c->err.asc);
	KUNIT_EXPECT_EQ(test, ascq, (int)c->err.ascq);
	KUNIT_EXPECT_EQ(test, field >= 0, c->err.field_valid);
	if (field >= 0)
		KUNIT_EXPECT_EQ(test, field, (int)c->err.field);
}

#define IR	LIOX_SENSE_ILLEGAL_REQUEST

static void xcopy_block_to_block(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;

	pl_disk(&c->pl, naa_a, 512);
	pl_disk(&c->pl, naa_b, 4096);
	pl_b2b(&c->pl, 0, 1, 64, 100, 7, 0);
	pl_b2b(&c->pl, 0, 1, 16, 0x1122334455667788ULL, 0, 0x02);	/* DC */
	len = pl_end(&c->pl, 0x42, 0x20 | 0x05);	/* STR, priority 5 */
	KUNIT_ASSERT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, 0x42, (int)c->list.list_id);
	KUNIT_EXPECT_TRUE(test, c->list.str);
	KUNIT_EXPECT_EQ(test, 5, (int)c->list.priority);
	KUNIT_EXPECT_EQ(test, 2, (int)c->list.n_cscd);
	KUNIT_EXPECT_EQ(test, 2, (int)c->list.n_seg);
	KUNIT_EXPECT_EQ(test, -1, c->list.port_group);
	KUNIT_EXPECT_EQ(test, 512U, c->list.cscd[0].block_len);
	KUNIT_EXPECT_EQ(test, 16, (int)c->list.cscd[0].desig.len);
	KUNIT_EXPECT_EQ(test, 0, memcmp(naa_a, c->list.cscd[0].desig.id, 16));
	KUNIT_EXPECT_EQ(test, 100ULL, c->list.seg[0].src_lba);
	KUNIT_EXPECT_EQ(test, 7ULL, c->list.seg[0].dst_lba);
	KUNIT_EXPECT_EQ(test, 64ULL * 512, c->list.seg[0].bytes);
	KUNIT_EXPECT_EQ(test, (u32)(16 + 64), c->list.seg[0].offset);
	KUNIT_EXPECT_TRUE(test, c->list.seg[1].dc);
	KUNIT_EXPECT_EQ(test, 16ULL * 4096, c->list.seg[1].bytes);
	KUNIT_EXPECT_EQ(test, 0x1122334455667788ULL, c->list.seg[1].src_lba);
}

static void xcopy_empty_and_short(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;

	KUNIT_EXPECT_EQ(test, 0, parse(c, 0));
	KUNIT_EXPECT_EQ(test, 0, (int)c->list.n_seg);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, 15));
	expect_sense(test, c, IR, 0x1a, 0, -1);

	pl_disk(&c->pl, naa_a, 512);
	pl_disk(&c->pl, naa_b, 512);
	pl_b2b(&c->pl, 0, 1, 8, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len - 1));	/* truncated */
	expect_sense(test, c, IR, 0x1a, 0, -1);
	/* a list length so large the sum wraps 32 bits */
	put_unaligned_be32(0xfffffff0, c->pl.buf + 8);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x1a, 0, -1);
}

static void xcopy_header_fields(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;

	pl_disk(&c->pl, naa_a, 512);
	pl_disk(&c->pl, naa_b, 512);
	pl_b2b(&c->pl, 0, 1, 8, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0x08);		/* LIST ID USAGE 01b */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 1);
	KUNIT_EXPECT_EQ(test, 4, (int)c->err.bit);
	pl_end(&c->pl, 7, 0x18);		/* 11b needs list id 0 */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 0);
	pl_end(&c->pl, 0, 0x18);
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, 3, (int)c->list.list_id_usage);

	c->pl.inline_len = 4;			/* we take no inline data */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 12);
}

static void xcopy_cscd_limits(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;
	int i;

	for (i = 0; i < LIOX_XCOPY_MAX_CSCD; i++)
		pl_disk(&c->pl, naa_a, 512);
	pl_b2b(&c->pl, 0, 15, 1, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, LIOX_XCOPY_MAX_CSCD, (int)c->list.n_cscd);

	pl_disk(&c->pl, naa_a, 512);	/* one too many */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0x06, 2);

	c->pl.cscd_len = 40;		/* not a multiple of 32 */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 2);
}

static void xcopy_seg_limits(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;
	int i;

	pl_disk(&c->pl, naa_a, 512);
	pl_disk(&c->pl, naa_b, 512);
	for (i = 0; i < LIOX_XCOPY_MAX_SEGS; i++)
		pl_b2b(&c->pl, 0, 1, 1, i, i, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, LIOX_XCOPY_MAX_SEGS, (int)c->list.n_seg);
	KUNIT_EXPECT_EQ(test, 63ULL, c->list.seg[63].dst_lba);

	/* a 65th */
	pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0x08, 8);

	/* 16 CSCDs and 64 segments fill the descriptor list exactly... */
	c->pl.seg_len = 0;
	c->pl.cscd_len = 0;
	for (i = 0; i < LIOX_XCOPY_MAX_CSCD; i++)
		pl_disk(&c->pl, naa_a, 512);
	for (i = 0; i < LIOX_XCOPY_MAX_SEGS; i++)
		pl_b2b(&c->pl, 0, 1, 1, i, i, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, LIOX_XCOPY_HDR_LEN + LIOX_XCOPY_MAX_DESC_LIST_LEN,
			(int)len);
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	/* ...one more segment is over the descriptor list length */
	pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x1a, 0, -1);

	/* 65 short ones fit the length but not the count */
	c->pl.seg_len = 0;
	c->pl.cscd_len = 0;
	pl_disk(&c->pl, naa_a, 512);
	pl_tape(&c->pl, false, 0);
	for (i = 0; i <= LIOX_XCOPY_MAX_SEGS; i++)
		pl_stream(&c->pl, LIOX_XCOPY_SEG_BLOCK_TO_STREAM, 0, 1, 512,
			  1, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0x08, 8);
}

static void xcopy_unsupported_types(struct kunit *test)
{
	static const u8 cscd_codes[] = { 0xe0, 0xe1, 0xe5, 0xea, 0xff, 0xc1, 0x02 };
	static const u8 seg_codes[] = { 0x03, 0x04, 0x0a, 0x12, 0xbe };
	struct ctx *c = ctx_new(test);
	unsigned int i;
	u32 len;
	u8 *d, *s;

	pl_disk(&c->pl, naa_a, 512);
	d = pl_disk(&c->pl, naa_b, 512);
	pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	for (i = 0; i < ARRAY_SIZE(cscd_codes); i++) {
		c->pl.buf[16 + 32] = cscd_codes[i];
		KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
		expect_sense(test, c, IR, 0x26, 0x07, 48);
	}
	(void)d;
	c->pl.buf[16 + 32] = LIOX_XCOPY_CSCD_IDENT;
	s = c->pl.buf + 16 + 64;
	for (i = 0; i < ARRAY_SIZE(seg_codes); i++) {
		s[0] = seg_codes[i];
		KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
		expect_sense(test, c, IR, 0x26, 0x09, 80);
	}
	s[0] = LIOX_XCOPY_SEG_BLOCK_TO_STREAM;	/* known, wrong length */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 82);
	s[0] = LIOX_XCOPY_SEG_BLOCK_TO_BLOCK;
	put_unaligned_be16(0x40, s + 2);	/* longer than the list */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 82);
}

static void xcopy_designators(struct kunit *test)
{
	static const u8 naa8[16] = { 0x50, 1, 2, 3, 4, 5, 6, 7 };
	static const u8 eui[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const char t10[20] = "LIO-ORG 1234";
	static const char name[20] = "iqn.2026-11.o:x";
	static const char nonul[20] = "abcdefghabcdefghabc";	/* no NUL in 8 */
	struct {
		u8 code_set, type;
		const void *id;
		u8 len;
		int field;	/* -1: accepted */
	} cases[] = {
		{ 1, LIOX_XCOPY_DESIG_NAA, naa_a, 16, -1 },
		{ 1, LIOX_XCOPY_DESIG_NAA, naa8, 8, -1 },
		{ 1, LIOX_XCOPY_DESIG_NAA, naa8, 16, 16 + 7 },	/* NAA 5 is 8 bytes */
		{ 1, LIOX_XCOPY_DESIG_NAA, naa_a, 8, 16 + 7 },
		{ 2, LIOX_XCOPY_DESIG_NAA, naa_a, 16, 16 + 4 },	/* code set */
		{ 1, LIOX_XCOPY_DESIG_EUI64, eui, 8, -1 },
		{ 1, LIOX_XCOPY_DESIG_EUI64, eui, 12, -1 },
		{ 1, LIOX_XCOPY_DESIG_EUI64, eui, 10, 16 + 7 },
		{ 2, LIOX_XCOPY_DESIG_T10, t10, 12, -1 },
		{ 2, LIOX_XCOPY_DESIG_T10, t10, 7, 16 + 7 },
		{ 1, LIOX_XCOPY_DESIG_T10, t10, 12, 16 + 4 },
		{ 3, LIOX_XCOPY_DESIG_SCSI_NAME, name, 20, -1 },
		{ 3, LIOX_XCOPY_DESIG_SCSI_NAME, name, 15, 16 + 7 },
		{ 3, LIOX_XCOPY_DESIG_SCSI_NAME, nonul, 8, 16 + 7 },
		{ 1, 0x4, naa8, 4, 16 + 5 },			/* rel. port */
		{ 1, LIOX_XCOPY_DESIG_NAA, naa_a, 0, 16 + 7 },
		{ 1, LIOX_XCOPY_DESIG_NAA, naa_a, 21, 16 + 7 },
	};
	struct ctx *c;
	unsigned int i;
	u32 len;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		c = ctx_new(test);
		pl_ident(&c->pl, LIOX_XCOPY_PDT_DISK, cases[i].code_set,
			 cases[i].type, cases[i].id,
			 min_t(u8, cases[i].len, 20), 512, 0);
		c->pl.buf[16 + 7] = cases[i].len;
		pl_disk(&c->pl, naa_b, 512);
		pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);
		len = pl_end(&c->pl, 0, 0);
		if (cases[i].field < 0) {
			KUNIT_EXPECT_EQ_MSG(test, 0, parse(c, len), "case %u", i);
			KUNIT_EXPECT_EQ(test, cases[i].len,
					c->list.cscd[0].desig.len);
			KUNIT_EXPECT_EQ(test, cases[i].type,
					c->list.cscd[0].desig.type);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, -EINVAL, parse(c, len),
					    "case %u", i);
			KUNIT_EXPECT_EQ_MSG(test, cases[i].field,
					    (int)c->err.field, "case %u", i);
			expect_sense(test, c, IR, 0x26, 0, cases[i].field);
		}
	}

	/* association other than the logical unit */
	c = ctx_new(test);
	pl_disk(&c->pl, naa_a, 512)[5] |= 0x10;
	pl_disk(&c->pl, naa_b, 512);
	pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, pl_end(&c->pl, 0, 0)));
	expect_sense(test, c, IR, 0x26, 0, 21);
}

static void xcopy_cscd_fields(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;
	u8 *d;

	d = pl_disk(&c->pl, naa_a, 512);
	pl_disk(&c->pl, naa_b, 512);
	pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	put_unaligned_be16(0x1234, d + 2);
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, 0x1234, (int)c->list.cscd[0].rel_port);

	d[1] = 0x20;			/* NUL */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 17);
	d[1] = 0x40;			/* LU ID TYPE 01b */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 17);
	d[1] = 0x05;			/* optical: not a copy target here */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0x07, 17);
	d[1] = 0;
	put_unaligned_be24(0, d + 29);	/* disk block length 0 */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 29);
}

static void xcopy_seg_references(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;

	pl_disk(&c->pl, naa_a, 512);
	pl_tape(&c->pl, true, 512);
	pl_port_group(&c->pl, "pg1");
	pl_b2b(&c->pl, 0, 3, 1, 0, 0, 0);	/* no CSCD 3 */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 96 + 6);

	c->pl.seg_len = 0;
	pl_b2b(&c->pl, 2, 0, 1, 0, 0, 0);	/* the port group is no device */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 96 + 4);

	c->pl.seg_len = 0;
	pl_b2b(&c->pl, 0, 1, 1, 0, 0, 0);	/* block->block onto a tape */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, LIOX_SENSE_COPY_ABORTED, 0x0d, 0x03, 16 + 96 + 6);

	c->pl.seg_len = 0;			/* stream->block from a disk */
	pl_stream(&c->pl, LIOX_XCOPY_SEG_STREAM_TO_BLOCK, 0, 0, 1, 1, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, LIOX_SENSE_COPY_ABORTED, 0x0d, 0x03, 16 + 96 + 4);
}

static void xcopy_stream_segments(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;

	pl_disk(&c->pl, naa_a, 512);
	pl_tape(&c->pl, true, 1024);		/* fixed 1 KiB blocks */
	pl_tape(&c->pl, false, 0);		/* variable */
	pl_stream(&c->pl, LIOX_XCOPY_SEG_BLOCK_TO_STREAM, 0, 1, 4, 8, 1000, 0);
	pl_stream(&c->pl, LIOX_XCOPY_SEG_STREAM_TO_BLOCK, 1, 0, 4, 8, 2000, 0);
	pl_stream(&c->pl, LIOX_XCOPY_SEG_BLOCK_TO_STREAM, 0, 2, 4096, 8, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_ASSERT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_TRUE(test, c->list.cscd[1].fixed);
	KUNIT_EXPECT_FALSE(test, c->list.cscd[2].fixed);
	KUNIT_EXPECT_EQ(test, 1000ULL, c->list.seg[0].src_lba);
	KUNIT_EXPECT_EQ(test, 4096ULL, c->list.seg[0].bytes);
	KUNIT_EXPECT_EQ(test, 4U, c->list.seg[0].stream_len);
	KUNIT_EXPECT_EQ(test, 2000ULL, c->list.seg[1].dst_lba);
	KUNIT_EXPECT_EQ(test, 4096ULL, c->list.seg[2].bytes);

	/* 4 KiB from disk, 3 KiB to tape: inexact without CAT or PAD */
	c->pl.seg_len = 0;
	pl_stream(&c->pl, LIOX_XCOPY_SEG_BLOCK_TO_STREAM, 0, 1, 3, 8, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0x0a, 16 + 96);
	c->pl.buf[16 + 96 + 1] = 0x01;		/* CAT */
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_TRUE(test, c->list.seg[0].cat);
	c->pl.buf[16 + 96 + 1] = 0;
	c->pl.buf[16 + 28] |= 0x04;		/* PAD on both */
	c->pl.buf[16 + 32 + 28] |= 0x04;
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	/* fixed mode needs a block length */
	put_unaligned_be24(0, c->pl.buf + 16 + 32 + 29);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 32 + 29);
}

static void xcopy_segment_length(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;

	pl_disk(&c->pl, naa_a, 4096);
	pl_disk(&c->pl, naa_b, 4096);
	pl_b2b(&c->pl, 0, 1, 0xffff, 0, 0, 0);	/* 256 MiB - 4 KiB */
	len = pl_end(&c->pl, 0, 0);
	KUNIT_ASSERT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, 0xffffULL * 4096, c->list.seg[0].bytes);

	put_unaligned_be24(8192, c->pl.buf + 16 + 29);	/* 512 MiB */
	put_unaligned_be24(8192, c->pl.buf + 16 + 32 + 29);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 64 + 10);

	/* different block sizes: 3 blocks of 512 onto 4096 is inexact */
	put_unaligned_be24(512, c->pl.buf + 16 + 29);
	put_unaligned_be24(4096, c->pl.buf + 16 + 32 + 29);
	put_unaligned_be16(3, c->pl.buf + 16 + 64 + 10);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0x0a, 16 + 64);
	put_unaligned_be16(16, c->pl.buf + 16 + 64 + 10);
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, 8192ULL, c->list.seg[0].bytes);
}

static void xcopy_port_group(struct kunit *test)
{
	struct ctx *c = ctx_new(test);
	u32 len;
	u8 *pg;

	pl_disk(&c->pl, naa_a, 512);
	pg = pl_port_group(&c->pl, "backup-ports_1");
	pl_disk(&c->pl, naa_b, 512);
	pl_b2b(&c->pl, 0, 2, 1, 0, 0, 0);
	len = pl_end(&c->pl, 0, 0);
	KUNIT_ASSERT_EQ(test, 0, parse(c, len));
	KUNIT_EXPECT_EQ(test, 1, c->list.port_group);
	KUNIT_EXPECT_STREQ(test, "backup-ports_1", c->list.port_group_name);

	memcpy(pg + 4, "bad/name", 8);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 32 + 4);
	memset(pg + 4, 0, 28);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));	/* empty name */
	memcpy(pg + 4, "pg", 2);
	pg[20] = 'x';					/* after the NUL */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 32 + 20);
	pg[20] = 0;
	pg[1] = 1;					/* version */
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 32 + 1);
	pg[1] = 0;
	KUNIT_EXPECT_EQ(test, 0, parse(c, len));

	/* a second port group descriptor */
	c->pl.cscd_len = 96;
	pl_port_group(&c->pl, "other");
	len = pl_end(&c->pl, 0, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, parse(c, len));
	expect_sense(test, c, IR, 0x26, 0, 16 + 96);
}

static struct kunit_case liox_xcopy_parse_cases[] = {
	KUNIT_CASE(xcopy_block_to_block),
	KUNIT_CASE(xcopy_empty_and_short),
	KUNIT_CASE(xcopy_header_fields),
	KUNIT_CASE(xcopy_cscd_limits),
	KUNIT_CASE(xcopy_seg_limits),
	KUNIT_CASE(xcopy_unsupported_types),
	KUNIT_CASE(xcopy_designators),
	KUNIT_CASE(xcopy_cscd_fields),
	KUNIT_CASE(xcopy_seg_references),
	KUNIT_CASE(xcopy_stream_segments),
	KUNIT_CASE(xcopy_segment_length),
	KUNIT_CASE(xcopy_port_group),
	{}
};

static struct kunit_suite liox_xcopy_parse_suite = {
	.name = "liox_xcopy_parse",
	.test_cases = liox_xcopy_parse_cases,
};

kunit_test_suite(liox_xcopy_parse_suite);
