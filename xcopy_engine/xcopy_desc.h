/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EXTENDED COPY (LID1) parameter lists, decoded (SPC-4 6.4). Pure logic:
 * no LIO dependency, so KUnit and the user-space fuzzer build it as is.
 * Documentation/xcopy.rst describes what is accepted, byte by byte.
 */
#ifndef _LIOX_XCOPY_DESC_H
#define _LIOX_XCOPY_DESC_H

#include <linux/types.h>

/* Limits we honour, and advertise in OPERATING PARAMETERS. */
#define LIOX_XCOPY_MAX_CSCD		16
#define LIOX_XCOPY_MAX_SEGS		64
#define LIOX_XCOPY_MAX_DESC_LIST_LEN	(LIOX_XCOPY_MAX_CSCD * 32 + \
					 LIOX_XCOPY_MAX_SEGS * 28)
#define LIOX_XCOPY_MAX_SEGMENT_LEN	(256U << 20)	/* bytes */
#define LIOX_XCOPY_MAX_INLINE_LEN	0

#define LIOX_XCOPY_HDR_LEN		16
#define LIOX_XCOPY_CSCD_LEN		32
#define LIOX_XCOPY_DESIG_MAX		20

/* Descriptor type codes. */
#define LIOX_XCOPY_SEG_BLOCK_TO_STREAM	0x00
#define LIOX_XCOPY_SEG_STREAM_TO_BLOCK	0x01
#define LIOX_XCOPY_SEG_BLOCK_TO_BLOCK	0x02
#define LIOX_XCOPY_CSCD_PORT_GROUP	0xc0	/* liox vendor specific */
#define LIOX_XCOPY_CSCD_IDENT		0xe4

/* Peripheral device types a CSCD may name. */
#define LIOX_XCOPY_PDT_DISK		0x00
#define LIOX_XCOPY_PDT_TAPE		0x01

/* Designator types of the E4h descriptor (SPC-4 7.8.6). */
#define LIOX_XCOPY_DESIG_T10		0x1
#define LIOX_XCOPY_DESIG_EUI64		0x2
#define LIOX_XCOPY_DESIG_NAA		0x3
#define LIOX_XCOPY_DESIG_SCSI_NAME	0x8

/* LIST ID USAGE */
#define LIOX_XCOPY_LIST_ID_HOLD		0x0
#define LIOX_XCOPY_LIST_ID_NO_HOLD	0x2
#define LIOX_XCOPY_LIST_ID_NONE		0x3

struct liox_xcopy_desig {
	u8 code_set;
	u8 type;
	u8 len;
	u8 id[LIOX_XCOPY_DESIG_MAX];
};

/* One CSCD descriptor; for the C0h port-group descriptor only @type_code. */
struct liox_xcopy_cscd {
	u8 type_code;
	u8 pdt;			/* LIOX_XCOPY_PDT_* */
	u16 rel_port;		/* relative initiator port identifier */
	struct liox_xcopy_desig desig;
	bool pad;
	bool fixed;		/* tape: fixed-block mode */
	u32 block_len;		/* disk block length, or stream block length */
};

struct liox_xcopy_seg {
	u8 type;		/* LIOX_XCOPY_SEG_* */
	bool dc;
	bool cat;
	u16 src;		/* CSCD indexes */
	u16 dst;
	u16 nblocks;		/* block device number of blocks */
	u32 stream_len;		/* stream transfer length (00h/01h) */
	u64 src_lba;		/* 02h: source; 00h: block device LBA */
	u64 dst_lba;		/* 02h: destination; 01h: block device LBA */
	u64 bytes;		/* bytes the segment moves */
	u32 offset;		/* of the descriptor in the parameter list */
};

struct liox_xcopy_list {
	u8 list_id;
	u8 list_id_usage;
	u8 priority;
	bool str;
	u16 n_cscd;
	u16 n_seg;
	int port_group;		/* CSCD index of the C0h descriptor, or -1 */
	char port_group_name[29];
	struct liox_xcopy_cscd cscd[LIOX_XCOPY_MAX_CSCD];
	struct liox_xcopy_seg seg[LIOX_XCOPY_MAX_SEGS];
};

/*
 * Why a list was refused: the sense data to return. For errors in a
 * field, @field is its byte offset in the parameter list (sense-key
 * specific field pointer with C/D = 0) and @bit the bit, or -1.
 */
struct liox_xcopy_err {
	u8 key;
	u8 asc;
	u8 ascq;
	bool field_valid;
	u16 field;
	s8 bit;
};

#define LIOX_SENSE_ILLEGAL_REQUEST	0x05
#define LIOX_SENSE_COPY_ABORTED		0x0a

int liox_xcopy_parse(const u8 *buf, u32 len, struct liox_xcopy_list *list,
		     struct liox_xcopy_err *err);

#endif /* _LIOX_XCOPY_DESC_H */
