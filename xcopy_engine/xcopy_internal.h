/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the files of liox_xcopy.ko only. */
#ifndef _LIOX_XCOPY_INTERNAL_H
#define _LIOX_XCOPY_INTERNAL_H

#include <linux/kref.h>
#include <linux/workqueue.h>
#include <target/target_core_base.h>
#include "xcopy_desc.h"
#include "xcopy_rcr.h"

/* Tunables (configfs: /sys/kernel/config/liox/xcopy). */
struct liox_xcopy_config {
	u32 chunk_kb;		/* bytes per READ/WRITE pair */
	u32 depth;		/* chunks in flight per copy */
};

extern struct liox_xcopy_config liox_xcopy_cfg;
extern struct workqueue_struct *liox_xcopy_wq;

/* Counters, read in configfs. */
struct liox_xcopy_stats {
	atomic64_t copies;
	atomic64_t bytes;
	atomic64_t failures;
	atomic64_t refused;	/* malformed or unsupported parameter lists */
};

extern struct liox_xcopy_stats liox_xcopy_stats;

/* One EXTENDED COPY. */
struct liox_xcopy_op {
	struct kref kref;
	struct se_cmd *ec_cmd;
	struct liox_xcopy_list *list;
	struct se_device *dev[LIOX_XCOPY_MAX_CSCD];
	struct percpu_ref *lun_ref[LIOX_XCOPY_MAX_CSCD];
	spinlock_t lock;	/* protects what follows */
	u16 seg;		/* segment being issued */
	u64 seg_off;		/* bytes of it issued */
	unsigned int inflight;
	bool failed;
	bool completing;
	struct liox_xcopy_err err;
	struct liox_xcopy_status status;	/* for RECEIVE COPY RESULTS */
	struct list_head node;			/* in the results list */
	struct work_struct start_work;
	struct se_session *sess;
};

/* One chunk: a READ from the source, then a WRITE to the destination. */
struct liox_xcopy_chunk {
	struct se_cmd se_cmd;
	unsigned char sense[TRANSPORT_SENSE_BUFFER];
	struct liox_xcopy_op *op;
	struct scatterlist *sgl;
	unsigned int nents;
	u16 seg;
	u32 len;
	u64 src_lba;
	u64 dst_lba;
	bool writing;
	bool failed;		/* not submitted: finish as failed */
	struct work_struct work;
};

/* xcopy_pt.c: internal commands to local devices */
void liox_xcopy_pt_init(void);
int liox_xcopy_pt_submit(struct liox_xcopy_chunk *ch, struct se_device *dev,
			 bool write, u64 lba);

/* xcopy_copy.c */
sense_reason_t liox_xcopy_start(struct se_cmd *ec_cmd);
void liox_xcopy_op_put(struct liox_xcopy_op *op);
void liox_xcopy_chunk_done(struct work_struct *work);
void liox_xcopy_wait_idle(void);

/* xcopy_results.c: what RECEIVE COPY RESULTS reports */
void liox_xcopy_results_add(struct liox_xcopy_op *op);
void liox_xcopy_results_flush(void);
sense_reason_t liox_xcopy_rcr(struct se_cmd *se_cmd);

#endif /* _LIOX_XCOPY_INTERNAL_H */
