// SPDX-License-Identifier: GPL-2.0
/*
 * EXTENDED COPY (LID1) parameter-list decoder (SPC-4 6.4). Checks every
 * field it relies on and turns the first error into the sense data the
 * standard asks for; it never touches a device, so a refused list changes
 * nothing. Pure logic: built by KUnit and by the user-space fuzzer.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <liox/name.h>
#include "xcopy_desc.h"

/* Additional sense codes used here. */
#define ASC_PARAM_LIST_LENGTH		0x1a	/* /00 */
#define ASC_INVALID_PARAM		0x26	/* /00 invalid field */
#define ASCQ_TOO_MANY_CSCD		0x06
#define ASCQ_UNSUPPORTED_CSCD		0x07
#define ASCQ_TOO_MANY_SEGS		0x08
#define ASCQ_UNSUPPORTED_SEG		0x09
#define ASCQ_INEXACT_SEGMENT		0x0a
#define ASC_COPY_TARGET			0x0d
#define ASCQ_INCORRECT_TARGET_TYPE	0x03

static int liox_xcopy_fail(struct liox_xcopy_err *err, u8 key, u8 asc,
			   u8 ascq, int field, int bit)
{
	err->key = key;
	err->asc = asc;
	err->ascq = ascq;
	err->field_valid = field >= 0;
	err->field = field >= 0 ? field : 0;
	err->bit = bit;
	return -EINVAL;
}

/* ILLEGAL REQUEST with an additional sense code 26h qualifier. */
static int liox_xcopy_illegal(struct liox_xcopy_err *err, u8 ascq, int field,
			      int bit)
{
	return liox_xcopy_fail(err, LIOX_SENSE_ILLEGAL_REQUEST,
			       ASC_INVALID_PARAM, ascq, field, bit);
}

/* INVALID FIELD IN PARAMETER LIST */
static int liox_xcopy_bad_field(struct liox_xcopy_err *err, int field,
				int bit)
{
	return liox_xcopy_illegal(err, 0x00, field, bit);
}

static int liox_xcopy_parse_desig(const u8 *d, u32 off,
				  struct liox_xcopy_desig *desig,
				  struct liox_xcopy_err *err)
{
	u8 code_set = d[0] & 0x0f, assoc = (d[1] >> 4) & 0x3;
	u8 type = d[1] & 0x0f, len = d[3], naa;
	u8 want_code_set;
	bool len_ok;

	if (assoc != 0)		/* must designate the logical unit */
		return liox_xcopy_bad_field(err, off + 1, 5);
	if (!len || len > LIOX_XCOPY_DESIG_MAX)
		return liox_xcopy_bad_field(err, off + 3, -1);

	switch (type) {
	case LIOX_XCOPY_DESIG_NAA:
		want_code_set = 1;
		naa = d[4] >> 4;
		if (naa == 2 || naa == 3 || naa == 5)
			len_ok = len == 8;
		else if (naa == 6)
			len_ok = len == 16;
		else
			return liox_xcopy_bad_field(err, off + 4, 7);
		break;
	case LIOX_XCOPY_DESIG_EUI64:
		want_code_set = 1;
		len_ok = len == 8 || len == 12 || len == 16;
		break;
	case LIOX_XCOPY_DESIG_T10:
		want_code_set = 2;
		len_ok = len >= 8;
		break;
	case LIOX_XCOPY_DESIG_SCSI_NAME:
		want_code_set = 3;
		/* NUL-terminated, NUL-padded to a multiple of four */
		len_ok = !(len % 4) && memchr(d + 4, '\0', len);
		break;
	default:
		return liox_xcopy_bad_field(err, off + 1, 3);
	}
	if (code_set != want_code_set)
		return liox_xcopy_bad_field(err, off, 3);
	if (!len_ok)
		return liox_xcopy_bad_field(err, off + 3, -1);

	desig->code_set = code_set;
	desig->type = type;
	desig->len = len;
	memcpy(desig->id, d + 4, len);
	return 0;
}

/* E4h identification descriptor at offset @off of the list. */
static int liox_xcopy_parse_ident(const u8 *p, u32 off,
				  struct liox_xcopy_cscd *cscd,
				  struct liox_xcopy_err *err)
{
	u8 lu_id_type = p[1] >> 6, pdt = p[1] & 0x1f;
	int ret;

	if (lu_id_type != 0)	/* proxy tokens are not supported */
		return liox_xcopy_bad_field(err, off + 1, 7);
	if (p[1] & 0x20)	/* NUL: null devices are not supported */
		return liox_xcopy_bad_field(err, off + 1, 5);
	if (pdt != LIOX_XCOPY_PDT_DISK && pdt != LIOX_XCOPY_PDT_TAPE)
		return liox_xcopy_illegal(err, ASCQ_UNSUPPORTED_CSCD, off + 1, 4);

	ret = liox_xcopy_parse_desig(p + 4, off + 4, &cscd->desig, err);
	if (ret)
		return ret;

	cscd->type_code = LIOX_XCOPY_CSCD_IDENT;
	cscd->pdt = pdt;
	cscd->rel_port = get_unaligned_be16(p + 2);
	cscd->pad = p[28] & 0x04;
	cscd->fixed = pdt == LIOX_XCOPY_PDT_TAPE && (p[28] & 0x01);
	cscd->block_len = get_unaligned_be24(p + 29);
	if (!cscd->block_len && (pdt == LIOX_XCOPY_PDT_DISK || cscd->fixed))
		return liox_xcopy_bad_field(err, off + 29, -1);
	return 0;
}

/* C0h liox port-group descriptor (Documentation/xcopy.rst). */
static int liox_xcopy_parse_port_group(const u8 *p, u32 off, int index,
				       struct liox_xcopy_list *list,
				       struct liox_xcopy_err *err)
{
	const char *name = (const char *)p + 4;
	size_t n = strnlen(name, 28), i;

	if (list->port_group >= 0)	/* one per list */
		return liox_xcopy_bad_field(err, off, 7);
	if (p[1])			/* version 0 only */
		return liox_xcopy_bad_field(err, off + 1, -1);
	if (p[2] || p[3])
		return liox_xcopy_bad_field(err, p[2] ? off + 2 : off + 3, -1);
	for (i = n; i < 28; i++) {
		if (name[i])
			return liox_xcopy_bad_field(err, off + 4 + i, -1);
	}
	if (!liox_name_valid(name, n))
		return liox_xcopy_bad_field(err, off + 4, -1);
	memcpy(list->port_group_name, name, n);
	list->port_group_name[n] = '\0';
	list->port_group = index;
	list->cscd[index].type_code = LIOX_XCOPY_CSCD_PORT_GROUP;
	return 0;
}

static int liox_xcopy_parse_cscds(const u8 *buf, u32 cscd_len,
				  struct liox_xcopy_list *list,
				  struct liox_xcopy_err *err)
{
	u32 off;
	int i, ret;

	if (cscd_len % LIOX_XCOPY_CSCD_LEN)
		return liox_xcopy_bad_field(err, 2, -1);
	if (cscd_len / LIOX_XCOPY_CSCD_LEN > LIOX_XCOPY_MAX_CSCD)
		return liox_xcopy_illegal(err, ASCQ_TOO_MANY_CSCD, 2, -1);

	list->n_cscd = cscd_len / LIOX_XCOPY_CSCD_LEN;
	for (i = 0; i < list->n_cscd; i++) {
		off = LIOX_XCOPY_HDR_LEN + i * LIOX_XCOPY_CSCD_LEN;
		switch (buf[off]) {
		case LIOX_XCOPY_CSCD_IDENT:
			ret = liox_xcopy_parse_ident(buf + off, off,
						     &list->cscd[i], err);
			break;
		case LIOX_XCOPY_CSCD_PORT_GROUP:
			ret = liox_xcopy_parse_port_group(buf + off, off, i,
							  list, err);
			break;
		default:
			ret = liox_xcopy_illegal(err, ASCQ_UNSUPPORTED_CSCD,
						 off, 7);
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* The CSCD a segment names by index at @field, of peripheral type @pdt. */
static int liox_xcopy_seg_cscd(const struct liox_xcopy_list *list, u16 id,
			       u8 pdt, u32 field, struct liox_xcopy_err *err)
{
	if (id >= list->n_cscd ||
	    list->cscd[id].type_code != LIOX_XCOPY_CSCD_IDENT)
		return liox_xcopy_bad_field(err, field, -1);
	if (list->cscd[id].pdt != pdt)
		return liox_xcopy_fail(err, LIOX_SENSE_COPY_ABORTED,
				       ASC_COPY_TARGET,
				       ASCQ_INCORRECT_TARGET_TYPE, field, -1);
	return 0;
}

/*
 * Does the amount read equal the amount written? If not, the residue is
 * acceptable only with CAT (held, reported) or with PAD on both CSCDs.
 */
static int liox_xcopy_seg_exact(const struct liox_xcopy_seg *seg,
				const struct liox_xcopy_cscd *src,
				const struct liox_xcopy_cscd *dst,
				u64 read, u64 written,
				struct liox_xcopy_err *err)
{
	if (read == written || seg->cat || (src->pad && dst->pad))
		return 0;
	return liox_xcopy_illegal(err, ASCQ_INEXACT_SEGMENT, seg->offset, -1);
}

static int liox_xcopy_parse_seg(const u8 *p, u32 off, u32 dlen,
				struct liox_xcopy_list *list,
				struct liox_xcopy_seg *seg,
				struct liox_xcopy_err *err)
{
	const struct liox_xcopy_cscd *src, *dst, *disk, *tape;
	u8 src_pdt, dst_pdt;
	u64 stream_bytes;
	int ret;

	seg->type = p[0];
	seg->offset = off;
	switch (seg->type) {
	case LIOX_XCOPY_SEG_BLOCK_TO_BLOCK:
		if (dlen != 28)
			return liox_xcopy_bad_field(err, off + 2, -1);
		src_pdt = LIOX_XCOPY_PDT_DISK;
		dst_pdt = LIOX_XCOPY_PDT_DISK;
		break;
	case LIOX_XCOPY_SEG_BLOCK_TO_STREAM:
	case LIOX_XCOPY_SEG_STREAM_TO_BLOCK:
		if (dlen != 24)
			return liox_xcopy_bad_field(err, off + 2, -1);
		src_pdt = seg->type == LIOX_XCOPY_SEG_BLOCK_TO_STREAM ?
			  LIOX_XCOPY_PDT_DISK : LIOX_XCOPY_PDT_TAPE;
		dst_pdt = src_pdt == LIOX_XCOPY_PDT_DISK ?
			  LIOX_XCOPY_PDT_TAPE : LIOX_XCOPY_PDT_DISK;
		break;
	default:
		return liox_xcopy_illegal(err, ASCQ_UNSUPPORTED_SEG, off, 7);
	}

	seg->src = get_unaligned_be16(p + 4);
	seg->dst = get_unaligned_be16(p + 6);
	ret = liox_xcopy_seg_cscd(list, seg->src, src_pdt, off + 4, err);
	if (!ret)
		ret = liox_xcopy_seg_cscd(list, seg->dst, dst_pdt, off + 6, err);
	if (ret)
		return ret;
	src = &list->cscd[seg->src];
	dst = &list->cscd[seg->dst];
	seg->cat = p[1] & 0x01;

	if (seg->type == LIOX_XCOPY_SEG_BLOCK_TO_BLOCK) {
		seg->dc = p[1] & 0x02;
		seg->nblocks = get_unaligned_be16(p + 10);
		seg->src_lba = get_unaligned_be64(p + 12);
		seg->dst_lba = get_unaligned_be64(p + 20);
		seg->bytes = (u64)seg->nblocks *
			     (seg->dc ? dst->block_len : src->block_len);
		if (seg->bytes > LIOX_XCOPY_MAX_SEGMENT_LEN)
			return liox_xcopy_bad_field(err, off + 10, -1);
		/* whole blocks on both sides, or CAT/PAD say what to do */
		return liox_xcopy_seg_exact(seg, src, dst,
			seg->bytes - seg->bytes % src->block_len,
			seg->bytes - seg->bytes % dst->block_len, err);
	}

	seg->stream_len = get_unaligned_be24(p + 9);
	seg->nblocks = get_unaligned_be16(p + 14);
	if (seg->type == LIOX_XCOPY_SEG_BLOCK_TO_STREAM) {
		seg->src_lba = get_unaligned_be64(p + 16);
		disk = src;
		tape = dst;
	} else {
		seg->dst_lba = get_unaligned_be64(p + 16);
		disk = dst;
		tape = src;
	}
	seg->bytes = (u64)seg->nblocks * disk->block_len;
	stream_bytes = tape->fixed ? (u64)seg->stream_len * tape->block_len :
				     seg->stream_len;
	if (seg->bytes > LIOX_XCOPY_MAX_SEGMENT_LEN)
		return liox_xcopy_bad_field(err, off + 14, -1);
	if (stream_bytes > LIOX_XCOPY_MAX_SEGMENT_LEN)
		return liox_xcopy_bad_field(err, off + 9, -1);
	return liox_xcopy_seg_exact(seg, src, dst,
		seg->type == LIOX_XCOPY_SEG_BLOCK_TO_STREAM ? seg->bytes : stream_bytes,
		seg->type == LIOX_XCOPY_SEG_BLOCK_TO_STREAM ? stream_bytes : seg->bytes,
		err);
}

static int liox_xcopy_parse_segs(const u8 *buf, u32 start, u32 seg_len,
				 struct liox_xcopy_list *list,
				 struct liox_xcopy_err *err)
{
	u32 off = start, end = start + seg_len, dlen;
	int ret;

	while (off < end) {
		if (list->n_seg == LIOX_XCOPY_MAX_SEGS)
			return liox_xcopy_illegal(err, ASCQ_TOO_MANY_SEGS, 8, -1);
		if (end - off < 4)
			return liox_xcopy_bad_field(err, 8, -1);
		dlen = get_unaligned_be16(buf + off + 2) + 4;
		if (dlen > end - off)
			return liox_xcopy_bad_field(err, off + 2, -1);
		ret = liox_xcopy_parse_seg(buf + off, off, dlen, list,
					   &list->seg[list->n_seg], err);
		if (ret)
			return ret;
		list->n_seg++;
		off += dlen;
	}
	return 0;
}

/**
 * liox_xcopy_parse() - decode an EXTENDED COPY (LID1) parameter list
 * @buf: the parameter list
 * @len: bytes of it transferred (the CDB's PARAMETER LIST LENGTH)
 * @list: the decoded list, valid on success
 * @err: on failure, the sense data to return
 *
 * A zero @len is not an error (SPC-4: no data is moved); @list then has
 * no segment.
 *
 * Return: 0, or -EINVAL with @err filled in.
 */
int liox_xcopy_parse(const u8 *buf, u32 len, struct liox_xcopy_list *list,
		     struct liox_xcopy_err *err)
{
	u32 cscd_len, seg_len, inline_len;
	int ret;

	memset(list, 0, sizeof(*list));
	list->port_group = -1;
	if (!len)
		return 0;
	if (len < LIOX_XCOPY_HDR_LEN)
		return liox_xcopy_fail(err, LIOX_SENSE_ILLEGAL_REQUEST,
				       ASC_PARAM_LIST_LENGTH, 0, -1, -1);

	list->list_id = buf[0];
	list->str = buf[1] & 0x20;
	list->list_id_usage = (buf[1] >> 3) & 0x3;
	list->priority = buf[1] & 0x07;
	if (list->list_id_usage == 0x1)
		return liox_xcopy_bad_field(err, 1, 4);
	if (list->list_id_usage == LIOX_XCOPY_LIST_ID_NONE && list->list_id)
		return liox_xcopy_bad_field(err, 0, -1);

	cscd_len = get_unaligned_be16(buf + 2);
	seg_len = get_unaligned_be32(buf + 8);
	inline_len = get_unaligned_be32(buf + 12);
	if ((u64)LIOX_XCOPY_HDR_LEN + cscd_len + seg_len + inline_len > len)
		return liox_xcopy_fail(err, LIOX_SENSE_ILLEGAL_REQUEST,
				       ASC_PARAM_LIST_LENGTH, 0, -1, -1);
	if (inline_len > LIOX_XCOPY_MAX_INLINE_LEN)
		return liox_xcopy_bad_field(err, 12, -1);
	if ((u64)cscd_len + seg_len > LIOX_XCOPY_MAX_DESC_LIST_LEN) {
		if (cscd_len / LIOX_XCOPY_CSCD_LEN > LIOX_XCOPY_MAX_CSCD)
			return liox_xcopy_illegal(err, ASCQ_TOO_MANY_CSCD, 2, -1);
		return liox_xcopy_fail(err, LIOX_SENSE_ILLEGAL_REQUEST,
				       ASC_PARAM_LIST_LENGTH, 0, -1, -1);
	}

	ret = liox_xcopy_parse_cscds(buf, cscd_len, list, err);
	if (ret)
		return ret;
	return liox_xcopy_parse_segs(buf, LIOX_XCOPY_HDR_LEN + cscd_len,
				     seg_len, list, err);
}
