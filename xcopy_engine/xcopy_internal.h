/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the files of liox_xcopy.ko only. */
#ifndef _LIOX_XCOPY_INTERNAL_H
#define _LIOX_XCOPY_INTERNAL_H

#include <linux/blk_types.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <scsi/scsi_cmnd.h>
#include <target/target_core_base.h>
#include <liox/core.h>
#include "xcopy_desc.h"
#include "xcopy_pg.h"
#include "xcopy_ports.h"
#include "xcopy_rcr.h"

/* Tunables (configfs: /sys/kernel/config/liox/xcopy). */
struct liox_xcopy_config {
	u32 chunk_kb;		/* bytes per READ/WRITE pair */
	u32 depth;		/* chunks in flight per copy */
};

/* Copies at once; OPERATING PARAMETERS reports this number. */
#define LIOX_XCOPY_MAX_ACTIVE	64

extern struct liox_xcopy_config liox_xcopy_cfg;
extern struct workqueue_struct *liox_xcopy_wq;
extern struct liox_capability liox_xcopy_cap;

/* Counters, read in configfs. */
struct liox_xcopy_stats {
	atomic64_t copies;
	atomic64_t bytes;
	atomic64_t failures;
	atomic64_t refused;	/* malformed or unsupported parameter lists */
	atomic64_t fallbacks;	/* copies handed to another initiator port */
};

extern struct liox_xcopy_stats liox_xcopy_stats;

/*
 * A copy target reached through the initiator ports of the copy's port
 * group: the device found behind the port in use, and the ports left.
 */
struct liox_xcopy_remote {
	struct mutex lock;		/* serialises probing and switching */
	struct liox_xcopy_cands cands;
	struct scsi_device *sdev;	/* behind cands.in_use; referenced */
	unsigned int gen;		/* bumped when the port changes */
	u32 max_bytes;			/* largest request the port takes */
	u32 block_len;			/* bytes per LBA (disk) or block (tape) */
};

/* One EXTENDED COPY. */
struct liox_xcopy_op {
	struct kref kref;
	struct se_cmd *ec_cmd;
	struct liox_xcopy_list *list;
	struct se_device *dev[LIOX_XCOPY_MAX_CSCD];
	struct percpu_ref *lun_ref[LIOX_XCOPY_MAX_CSCD];
	struct liox_xcopy_remote *remote[LIOX_XCOPY_MAX_CSCD];
	struct liox_xcopy_binding bind;	/* port group, if it has one */
	u64 bytes_total;
	spinlock_t lock;	/* protects what follows */
	u16 seg;		/* segment being issued */
	u64 seg_off;		/* bytes of it issued */
	unsigned int inflight;
	bool failed;
	bool completing;
	struct liox_xcopy_err err;
	struct liox_xcopy_status status;	/* for RECEIVE COPY RESULTS */
	struct list_head node;			/* in the results list */
	struct list_head active_node;		/* in the list of running copies */
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
	/* remote I/O (xcopy_rio.c) */
	bool remote_io;
	struct scsi_device *sdev;	/* referenced while the request runs */
	int port;			/* initiator port (binding index) */
	unsigned int gen;		/* remote->gen when submitted */
	blk_status_t rq_status;
	int result;			/* scsi_cmnd result */
	u8 rsense[SCSI_SENSE_BUFFERSIZE];
	struct work_struct work;
};

/* xcopy_pt.c: internal commands to local devices */
void liox_xcopy_pt_init(void);
int liox_xcopy_pt_submit(struct liox_xcopy_chunk *ch, struct se_device *dev,
			 bool write, u64 lba);

/* xcopy_remote.c: copy targets behind initiator ports */
int liox_xcopy_remote_open(struct liox_xcopy_op *op, int i);
int liox_xcopy_remote_switch(struct liox_xcopy_op *op, int i, int port,
			     unsigned int gen);
void liox_xcopy_remote_close(struct liox_xcopy_op *op);
size_t liox_xcopy_desig_format(const struct liox_xcopy_desig *d, char *buf,
			       size_t size);

/* xcopy_rio.c: SCSI pass-through to a remote copy target */
int liox_xcopy_rio_submit(struct liox_xcopy_chunk *ch, int i, u64 lba);
void liox_xcopy_rio_finish(struct liox_xcopy_chunk *ch);
bool liox_xcopy_rio_device_error(const struct liox_xcopy_chunk *ch);

/* xcopy_copy.c */
sense_reason_t liox_xcopy_start(struct se_cmd *ec_cmd);
void liox_xcopy_op_put(struct liox_xcopy_op *op);
void liox_xcopy_chunk_done(struct work_struct *work);
void liox_xcopy_wait_idle(void);
unsigned int liox_xcopy_active_count(void);
int liox_xcopy_active_walk(int (*fn)(struct liox_xcopy_op *op, void *arg),
			   void *arg, unsigned long *pos);

/* xcopy_nl.c */
extern const struct liox_genl_cmd liox_xcopy_nl_cmds[];
extern const unsigned int liox_xcopy_nl_n_cmds;

/* xcopy_results.c: what RECEIVE COPY RESULTS reports */
void liox_xcopy_results_add(struct liox_xcopy_op *op);
void liox_xcopy_results_flush(void);
sense_reason_t liox_xcopy_rcr(struct se_cmd *se_cmd);

#endif /* _LIOX_XCOPY_INTERNAL_H */
