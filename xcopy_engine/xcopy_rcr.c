// SPDX-License-Identifier: GPL-2.0
/*
 * Encoders for RECEIVE COPY RESULTS (LID1) and for the sense data of a
 * refused or failed EXTENDED COPY. Each writes at most @alloc bytes (the
 * CDB's ALLOCATION LENGTH truncates, as SPC-4 says) and returns the full
 * length of the data, so the caller can report the residual.
 */
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "xcopy_rcr.h"

#define LIOX_RCR_OP_PARAMS_LEN	44	/* before the descriptor type codes */
#define LIOX_RCR_COPY_STATUS_LEN	12
#define LIOX_RCR_FAILED_HDR_LEN	60

/* Implemented descriptor type codes, ascending. */
static const u8 liox_xcopy_implemented[] = {
	LIOX_XCOPY_SEG_BLOCK_TO_STREAM,
	LIOX_XCOPY_SEG_STREAM_TO_BLOCK,
	LIOX_XCOPY_SEG_BLOCK_TO_BLOCK,
	LIOX_XCOPY_CSCD_PORT_GROUP,
	LIOX_XCOPY_CSCD_IDENT,
};

static u32 liox_xcopy_rcr_out(u8 *buf, u32 alloc, const u8 *data, u32 len)
{
	memcpy(buf, data, min(alloc, len));
	return len;
}

/**
 * liox_xcopy_rcr_op_params() - OPERATING PARAMETERS: the limits honoured
 * @buf: data-in buffer
 * @alloc: its size (allocation length)
 * @max_copies: copies the engine runs at once
 */
u32 liox_xcopy_rcr_op_params(u8 *buf, u32 alloc, u16 max_copies)
{
	u8 p[LIOX_RCR_OP_PARAMS_LEN + sizeof(liox_xcopy_implemented)] = { 0 };

	put_unaligned_be32(sizeof(p) - 4, p);
	p[4] = 0x01;		/* SNLID: LIST ID USAGE 11b supported */
	put_unaligned_be16(LIOX_XCOPY_MAX_CSCD, p + 8);
	put_unaligned_be16(LIOX_XCOPY_MAX_SEGS, p + 10);
	put_unaligned_be32(LIOX_XCOPY_MAX_DESC_LIST_LEN, p + 12);
	put_unaligned_be32(LIOX_XCOPY_MAX_SEGMENT_LEN, p + 16);
	put_unaligned_be32(LIOX_XCOPY_MAX_INLINE_LEN, p + 20);
	put_unaligned_be32(0, p + 24);				/* held data */
	put_unaligned_be32(LIOX_XCOPY_MAX_SEGMENT_LEN, p + 28);	/* stream */
	put_unaligned_be16(max_copies, p + 34);
	p[36] = min_t(u16, max_copies, 255);
	p[37] = 9;		/* data segment granularity: 512 bytes */
	p[38] = 9;		/* inline data granularity */
	p[39] = 9;		/* held data granularity */
	p[43] = sizeof(liox_xcopy_implemented);
	memcpy(p + 44, liox_xcopy_implemented, sizeof(liox_xcopy_implemented));
	return liox_xcopy_rcr_out(buf, alloc, p, sizeof(p));
}

/**
 * liox_xcopy_rcr_copy_status() - COPY STATUS of one copy
 * @st: the copy
 * @buf: data-in buffer
 * @alloc: its size
 *
 * The transfer count is given in the smallest unit (bytes, KiB, MiB, ...)
 * in which it fits 32 bits.
 */
u32 liox_xcopy_rcr_copy_status(const struct liox_xcopy_status *st, u8 *buf,
			       u32 alloc)
{
	u8 p[LIOX_RCR_COPY_STATUS_LEN] = { 0 };
	u64 count = st->bytes_done;
	u8 units = 0;

	while (count > U32_MAX) {
		count >>= 10;
		units++;
	}
	put_unaligned_be32(sizeof(p) - 4, p);
	p[4] = (st->held_discarded ? 0x80 : 0) | (st->state & 0x7f);
	put_unaligned_be16(st->segs_done, p + 5);
	p[7] = units;
	put_unaligned_be32(count, p + 8);
	return liox_xcopy_rcr_out(buf, alloc, p, sizeof(p));
}

/**
 * liox_xcopy_rcr_failed_details() - FAILED SEGMENT DETAILS of one copy
 * @st: the copy
 * @buf: data-in buffer
 * @alloc: its size
 *
 * A copy still running or done without error has no details: only the
 * 60-byte header, with status and sense length zero.
 */
u32 liox_xcopy_rcr_failed_details(const struct liox_xcopy_status *st,
				  u8 *buf, u32 alloc)
{
	u8 p[LIOX_RCR_FAILED_HDR_LEN + LIOX_XCOPY_SENSE_LEN] = { 0 };
	u32 len = LIOX_RCR_FAILED_HDR_LEN;

	if (st->state == LIOX_XCOPY_DONE_WITH_ERRORS) {
		p[56] = st->scsi_status;
		put_unaligned_be16(st->sense_len, p + 58);
		memcpy(p + 60, st->sense, st->sense_len);
		len += st->sense_len;
	}
	put_unaligned_be32(len - 4, p);
	return liox_xcopy_rcr_out(buf, alloc, p, len);
}

/**
 * liox_xcopy_sense_build() - fixed-format sense data for @err
 * @err: key, ASC/ASCQ and field pointer
 * @sense: LIOX_XCOPY_SENSE_LEN bytes
 *
 * The field pointer goes in the sense-key specific bytes with C/D = 0
 * (it points into the parameter list) and the bit pointer if known.
 *
 * Return: the sense length.
 */
u8 liox_xcopy_sense_build(const struct liox_xcopy_err *err, u8 *sense)
{
	memset(sense, 0, LIOX_XCOPY_SENSE_LEN);
	sense[0] = 0x70;		/* current error, fixed format */
	sense[2] = err->key & 0x0f;
	sense[7] = LIOX_XCOPY_SENSE_LEN - 8;
	sense[12] = err->asc;
	sense[13] = err->ascq;
	if (err->field_valid) {
		sense[15] = 0x80;	/* SKSV, C/D = 0 */
		if (err->bit >= 0)
			sense[15] |= 0x08 | (err->bit & 0x07);	/* BPV */
		put_unaligned_be16(err->field, sense + 16);
	}
	return LIOX_XCOPY_SENSE_LEN;
}
