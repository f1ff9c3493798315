// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for xcopy_engine/xcopy_rcr.c: RECEIVE COPY RESULTS data
 * byte by byte, allocation-length truncation, sense data.
 */
#include <kunit/test.h>
#include <asm/unaligned.h>
#include "src/xcopy_engine/xcopy_rcr.h"

static void rcr_op_params(struct kunit *test)
{
	static const u8 codes[] = { 0x00, 0x01, 0x02, 0xc0, 0xe4 };
	u8 buf[64];
	u32 len;

	memset(buf, 0xee, sizeof(buf));
	len = liox_xcopy_rcr_op_params(buf, sizeof(buf), 4);
	KUNIT_ASSERT_EQ(test, 49U, len);
	KUNIT_EXPECT_EQ(test, 45U, get_unaligned_be32(buf));
	KUNIT_EXPECT_EQ(test, 1, (int)buf[4]);			/* SNLID */
	KUNIT_EXPECT_EQ(test, 16, (int)get_unaligned_be16(buf + 8));
	KUNIT_EXPECT_EQ(test, 64, (int)get_unaligned_be16(buf + 10));
	KUNIT_EXPECT_EQ(test, 2304U, get_unaligned_be32(buf + 12));
	KUNIT_EXPECT_EQ(test, 256U << 20, get_unaligned_be32(buf + 16));
	KUNIT_EXPECT_EQ(test, 0U, get_unaligned_be32(buf + 20));	/* inline */
	KUNIT_EXPECT_EQ(test, 0U, get_unaligned_be32(buf + 24));	/* held */
	KUNIT_EXPECT_EQ(test, 4, (int)get_unaligned_be16(buf + 34));
	KUNIT_EXPECT_EQ(test, 4, (int)buf[36]);
	KUNIT_EXPECT_EQ(test, 9, (int)buf[37]);
	KUNIT_EXPECT_EQ(test, 5, (int)buf[43]);
	KUNIT_EXPECT_EQ(test, 0, memcmp(codes, buf + 44, 5));
	KUNIT_EXPECT_EQ(test, 0xee, (int)buf[49]);	/* nothing past the data */

	/* the limits advertised are the parser's */
	KUNIT_EXPECT_EQ(test, LIOX_XCOPY_MAX_CSCD, (int)get_unaligned_be16(buf + 8));
	KUNIT_EXPECT_EQ(test, LIOX_XCOPY_MAX_SEGS, (int)get_unaligned_be16(buf + 10));

	/* truncated by the allocation length, full length still returned */
	memset(buf, 0xee, sizeof(buf));
	KUNIT_EXPECT_EQ(test, 49U, liox_xcopy_rcr_op_params(buf, 10, 300));
	KUNIT_EXPECT_EQ(test, 0xee, (int)buf[10]);
	KUNIT_EXPECT_EQ(test, 16, (int)buf[9]);		/* last byte copied */
	liox_xcopy_rcr_op_params(buf, sizeof(buf), 300);
	KUNIT_EXPECT_EQ(test, 255, (int)buf[36]);
}

static void rcr_copy_status(struct kunit *test)
{
	struct liox_xcopy_status st = {
		.state = LIOX_XCOPY_IN_PROGRESS,
		.segs_done = 3,
		.bytes_done = 123456,
	};
	u8 buf[16];

	KUNIT_ASSERT_EQ(test, 12U, liox_xcopy_rcr_copy_status(&st, buf, sizeof(buf)));
	KUNIT_EXPECT_EQ(test, 8U, get_unaligned_be32(buf));
	KUNIT_EXPECT_EQ(test, 0, (int)buf[4]);
	KUNIT_EXPECT_EQ(test, 3, (int)get_unaligned_be16(buf + 5));
	KUNIT_EXPECT_EQ(test, 0, (int)buf[7]);			/* bytes */
	KUNIT_EXPECT_EQ(test, 123456U, get_unaligned_be32(buf + 8));

	st.state = LIOX_XCOPY_DONE;
	st.held_discarded = true;
	st.bytes_done = 5ULL << 32;				/* 20 GiB */
	liox_xcopy_rcr_copy_status(&st, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, 0x81, (int)buf[4]);
	KUNIT_EXPECT_EQ(test, 1, (int)buf[7]);			/* KiB */
	KUNIT_EXPECT_EQ(test, 5U << 22, get_unaligned_be32(buf + 8));
	st.bytes_done = U64_MAX;
	liox_xcopy_rcr_copy_status(&st, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, 4, (int)buf[7]);			/* TiB */
	KUNIT_EXPECT_EQ(test, (u32)(U64_MAX >> 40), get_unaligned_be32(buf + 8));
}

static void rcr_sense_and_failed_details(struct kunit *test)
{
	struct liox_xcopy_err err = {
		.key = LIOX_SENSE_ILLEGAL_REQUEST, .asc = 0x26, .ascq = 0x00,
		.field_valid = true, .field = 0x1234, .bit = 5,
	};
	struct liox_xcopy_status st = { .state = LIOX_XCOPY_DONE };
	u8 sense[LIOX_XCOPY_SENSE_LEN], buf[96];

	KUNIT_ASSERT_EQ(test, 18, (int)liox_xcopy_sense_build(&err, sense));
	KUNIT_EXPECT_EQ(test, 0x70, (int)sense[0]);
	KUNIT_EXPECT_EQ(test, 0x05, (int)sense[2]);
	KUNIT_EXPECT_EQ(test, 10, (int)sense[7]);
	KUNIT_EXPECT_EQ(test, 0x26, (int)sense[12]);
	KUNIT_EXPECT_EQ(test, 0x8d, (int)sense[15]);	/* SKSV, BPV, bit 5 */
	KUNIT_EXPECT_EQ(test, 0x1234, (int)get_unaligned_be16(sense + 16));
	err.bit = -1;
	liox_xcopy_sense_build(&err, sense);
	KUNIT_EXPECT_EQ(test, 0x80, (int)sense[15]);
	err = (struct liox_xcopy_err) {
		.key = LIOX_SENSE_COPY_ABORTED, .asc = 0x0d, .ascq = 0x02,
	};
	liox_xcopy_sense_build(&err, sense);
	KUNIT_EXPECT_EQ(test, 0x0a, (int)sense[2]);
	KUNIT_EXPECT_EQ(test, 0x02, (int)sense[13]);
	KUNIT_EXPECT_EQ(test, 0, (int)sense[15]);

	/* done without error: header only */
	KUNIT_EXPECT_EQ(test, 60U, liox_xcopy_rcr_failed_details(&st, buf, sizeof(buf)));
	KUNIT_EXPECT_EQ(test, 56U, get_unaligned_be32(buf));
	KUNIT_EXPECT_EQ(test, 0, (int)get_unaligned_be16(buf + 58));

	st.state = LIOX_XCOPY_DONE_WITH_ERRORS;
	st.scsi_status = 0x02;				/* CHECK CONDITION */
	st.sense_len = liox_xcopy_sense_build(&err, st.sense);
	KUNIT_EXPECT_EQ(test, 78U, liox_xcopy_rcr_failed_details(&st, buf, sizeof(buf)));
	KUNIT_EXPECT_EQ(test, 74U, get_unaligned_be32(buf));
	KUNIT_EXPECT_EQ(test, 0x02, (int)buf[56]);
	KUNIT_EXPECT_EQ(test, 18, (int)get_unaligned_be16(buf + 58));
	KUNIT_EXPECT_EQ(test, 0, memcmp(buf + 60, st.sense, 18));
}

static struct kunit_case liox_xcopy_rcr_cases[] = {
	KUNIT_CASE(rcr_op_params),
	KUNIT_CASE(rcr_copy_status),
	KUNIT_CASE(rcr_sense_and_failed_details),
	{}
};

static struct kunit_suite liox_xcopy_rcr_suite = {
	.name = "liox_xcopy_rcr",
	.test_cases = liox_xcopy_rcr_cases,
};

kunit_test_suite(liox_xcopy_rcr_suite);
