/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RECEIVE COPY RESULTS (LID1) parameter data and the sense data of
 * EXTENDED COPY, encoded (SPC-4 6.18). Pure logic, like xcopy_parse.c.
 */
#ifndef _LIOX_XCOPY_RCR_H
#define _LIOX_XCOPY_RCR_H

#include <linux/types.h>
#include "xcopy_desc.h"

/* RECEIVE COPY RESULTS service actions */
#define LIOX_RCR_COPY_STATUS		0x00
#define LIOX_RCR_RECEIVE_DATA		0x01
#define LIOX_RCR_OPERATING_PARAMETERS	0x03
#define LIOX_RCR_FAILED_SEGMENT_DETAILS	0x04

/* COPY MANAGER STATUS */
#define LIOX_XCOPY_IN_PROGRESS		0x00
#define LIOX_XCOPY_DONE			0x01
#define LIOX_XCOPY_DONE_WITH_ERRORS	0x02

#define LIOX_XCOPY_SENSE_LEN		18	/* fixed format */

/* What the copy manager keeps about one copy, for RECEIVE COPY RESULTS. */
struct liox_xcopy_status {
	u8 state;		/* LIOX_XCOPY_IN_PROGRESS ... */
	bool held_discarded;
	u16 segs_done;
	u64 bytes_done;
	u8 scsi_status;		/* of the EXTENDED COPY, once done */
	u8 sense_len;
	u8 sense[LIOX_XCOPY_SENSE_LEN];
};

u32 liox_xcopy_rcr_op_params(u8 *buf, u32 alloc, u16 max_copies);
u32 liox_xcopy_rcr_copy_status(const struct liox_xcopy_status *st, u8 *buf,
			       u32 alloc);
u32 liox_xcopy_rcr_failed_details(const struct liox_xcopy_status *st,
				  u8 *buf, u32 alloc);
u8 liox_xcopy_sense_build(const struct liox_xcopy_err *err, u8 *sense);

#endif /* _LIOX_XCOPY_RCR_H */
