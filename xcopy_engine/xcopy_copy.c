// SPDX-License-Identifier: GPL-2.0
/*
 * One EXTENDED COPY from start to end: decode the parameter list, find
 * the CSCDs among the LUNs the issuing session may see (never outside its
 * ACL: the CVE-2020-28374 rule), then move the data in chunks, several in
 * flight, each a READ from the source followed by a WRITE to the
 * destination, and complete the host's command with GOOD or the sense
 * data of the first failure.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <scsi/scsi_proto.h>
#include <target/target_core_backend.h>
#include <target/target_core_fabric.h>
#include <liox/core.h>
#include "xcopy_internal.h"
#include "xcopy_naa.h"

static atomic_t liox_xcopy_active = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(liox_xcopy_idle_wq);

/* Does @dev answer to @d (an E4h designator)? */
static bool liox_xcopy_dev_matches(struct se_device *dev,
				   const struct liox_xcopy_desig *d)
{
	u8 naa[LIOX_XCOPY_NAA6_LEN];
	char t10[8 + INQUIRY_VPD_SERIAL_LEN];
	int n;

	switch (d->type) {
	case LIOX_XCOPY_DESIG_NAA:
		if (d->len != LIOX_XCOPY_NAA6_LEN)
			return false;
		liox_xcopy_naa6(dev->t10_wwn.company_id,
				dev->t10_wwn.unit_serial, naa);
		return !memcmp(naa, d->id, LIOX_XCOPY_NAA6_LEN);
	case LIOX_XCOPY_DESIG_T10:
		/* vendor id, then the unit serial, as spc_emulate_evpd_83() */
		n = snprintf(t10, sizeof(t10), "%-8.8s%s",
			     dev->t10_wwn.vendor, dev->t10_wwn.unit_serial);
		return n == d->len && !memcmp(t10, d->id, n);
	default:
		return false;
	}
}

/* Find the CSCD among the LUNs of the issuing session's ACL. */
static int liox_xcopy_find_local(struct liox_xcopy_op *op, int i)
{
	struct se_node_acl *nacl = op->ec_cmd->se_sess->se_node_acl;
	const struct liox_xcopy_desig *d = &op->list->cscd[i].desig;
	struct se_dev_entry *deve;
	struct se_device *dev;
	struct se_lun *lun;
	int ret = -ENODEV;

	rcu_read_lock();
	hlist_for_each_entry_rcu(deve, &nacl->lun_entry_hlist, link) {
		lun = rcu_dereference(deve->se_lun);
		dev = lun ? rcu_dereference(lun->lun_se_dev) : NULL;
		if (!dev || !liox_xcopy_dev_matches(dev, d))
			continue;
		if (percpu_ref_tryget_live(&lun->lun_ref)) {
			op->dev[i] = dev;
			op->lun_ref[i] = &lun->lun_ref;
			ret = 0;
		}
		break;
	}
	rcu_read_unlock();
	return ret;
}

/* Let the LUNs go: a finished copy must not hold up their removal. */
static void liox_xcopy_put_luns(struct liox_xcopy_op *op)
{
	int i;

	for (i = 0; i < LIOX_XCOPY_MAX_CSCD; i++) {
		if (op->lun_ref[i])
			percpu_ref_put(op->lun_ref[i]);
		op->lun_ref[i] = NULL;
		op->dev[i] = NULL;
	}
}

static void liox_xcopy_op_release(struct kref *kref)
{
	struct liox_xcopy_op *op = container_of(kref, struct liox_xcopy_op, kref);

	liox_xcopy_put_luns(op);
	kfree(op->list);
	kfree(op);
}

void liox_xcopy_op_put(struct liox_xcopy_op *op)
{
	kref_put(&op->kref, liox_xcopy_op_release);
}

/* Fail the copy (first error wins); caller holds op->lock. */
static void liox_xcopy_fail_locked(struct liox_xcopy_op *op, u8 key, u8 asc,
				   u8 ascq)
{
	if (op->failed)
		return;
	op->failed = true;
	op->err = (struct liox_xcopy_err) { .key = key, .asc = asc,
					    .ascq = ascq, .bit = -1 };
}

static void liox_xcopy_complete(struct liox_xcopy_op *op)
{
	struct se_cmd *ec_cmd = op->ec_cmd;
	u8 sense[LIOX_XCOPY_SENSE_LEN];
	bool failed;

	spin_lock(&op->lock);
	failed = op->failed;
	op->status.state = failed ? LIOX_XCOPY_DONE_WITH_ERRORS :
			   LIOX_XCOPY_DONE;
	if (failed) {
		op->status.scsi_status = SAM_STAT_CHECK_CONDITION;
		op->status.sense_len = liox_xcopy_sense_build(&op->err,
							      op->status.sense);
		memcpy(sense, op->status.sense, sizeof(sense));
	} else {
		op->status.segs_done = op->list->n_seg;
	}
	spin_unlock(&op->lock);

	if (failed) {
		atomic64_inc(&liox_xcopy_stats.failures);
		liox_warn_ratelimited("copy list %u failed after %u segments: sense %02x/%02x/%02x\n",
				      op->list->list_id, op->status.segs_done,
				      op->err.key, op->err.asc, op->err.ascq);
		transport_copy_sense_to_cmd(ec_cmd, sense);
		target_complete_cmd(ec_cmd, SAM_STAT_CHECK_CONDITION);
	} else {
		atomic64_inc(&liox_xcopy_stats.copies);
		target_complete_cmd(ec_cmd, SAM_STAT_GOOD);
	}
	liox_xcopy_put_luns(op);
	liox_xcopy_op_put(op);
	if (atomic_dec_and_test(&liox_xcopy_active))
		wake_up(&liox_xcopy_idle_wq);
}

/* Skip finished segments; true when nothing is left to issue. */
static bool liox_xcopy_all_issued_locked(struct liox_xcopy_op *op)
{
	while (op->seg < op->list->n_seg &&
	       op->seg_off >= op->list->seg[op->seg].bytes) {
		op->seg++;
		op->seg_off = 0;
	}
	return op->failed || op->seg >= op->list->n_seg;
}

/* Complete the host's command once nothing is in flight or left. */
static void liox_xcopy_maybe_complete(struct liox_xcopy_op *op)
{
	bool done;

	spin_lock(&op->lock);
	done = !op->inflight && !op->completing &&
	       liox_xcopy_all_issued_locked(op);
	if (done)
		op->completing = true;
	spin_unlock(&op->lock);
	if (done)
		liox_xcopy_complete(op);
}

/* Segments whose every byte is written, counting in order. */
static u16 liox_xcopy_segs_done(const struct liox_xcopy_op *op)
{
	u64 end = 0;
	u16 i;

	for (i = 0; i < op->list->n_seg; i++) {
		end += op->list->seg[i].bytes;
		if (end > op->status.bytes_done)
			break;
	}
	return i;
}

static void liox_xcopy_chunk_free(struct liox_xcopy_chunk *ch)
{
	if (ch->sgl)
		target_free_sgl(ch->sgl, ch->nents);
	kfree(ch);
}

/*
 * Take the next range of the current segment and start its READ. Returns
 * false when nothing is left to issue (or the copy failed).
 */
static bool liox_xcopy_issue_one(struct liox_xcopy_op *op)
{
	u32 chunk = liox_xcopy_cfg.chunk_kb << 10;
	const struct liox_xcopy_seg *seg;
	struct liox_xcopy_chunk *ch;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	spin_lock(&op->lock);
	if (liox_xcopy_all_issued_locked(op) ||
	    op->inflight >= liox_xcopy_cfg.depth) {
		spin_unlock(&op->lock);
		kfree(ch);
		return false;
	}
	if (!ch) {
		liox_xcopy_fail_locked(op, LIOX_SENSE_COPY_ABORTED, 0x0d, 0x01);
		spin_unlock(&op->lock);
		return false;
	}
	seg = &op->list->seg[op->seg];
	ch->op = op;
	ch->seg = op->seg;
	/* chunk_kb is a multiple of 64 KiB: whole blocks on both sides */
	ch->len = min_t(u64, chunk, seg->bytes - op->seg_off);
	ch->src_lba = seg->src_lba +
		div_u64(op->seg_off, op->dev[seg->src]->dev_attrib.block_size);
	ch->dst_lba = seg->dst_lba +
		div_u64(op->seg_off, op->dev[seg->dst]->dev_attrib.block_size);
	op->seg_off += ch->len;
	op->inflight++;
	kref_get(&op->kref);
	spin_unlock(&op->lock);

	INIT_WORK(&ch->work, liox_xcopy_chunk_done);
	if (target_alloc_sgl(&ch->sgl, &ch->nents, ch->len, false, false) ||
	    liox_xcopy_pt_submit(ch, op->dev[seg->src], false, ch->src_lba)) {
		ch->failed = true;	/* finish it as a failed READ */
		queue_work(liox_xcopy_wq, &ch->work);
	}
	return true;
}

static void liox_xcopy_fill(struct liox_xcopy_op *op)
{
	while (liox_xcopy_issue_one(op))
		;
	liox_xcopy_maybe_complete(op);
}

/* A chunk's READ or WRITE finished (workqueue context). */
void liox_xcopy_chunk_done(struct work_struct *work)
{
	struct liox_xcopy_chunk *ch =
		container_of(work, struct liox_xcopy_chunk, work);
	struct liox_xcopy_op *op = ch->op;
	const struct liox_xcopy_seg *seg = &op->list->seg[ch->seg];
	bool ok = !ch->failed;

	if (ok) {
		/* an aborted command may finish with status 0: not a success */
		ok = !ch->se_cmd.scsi_status &&
		     !(ch->se_cmd.transport_state & CMD_T_ABORTED);
		transport_generic_free_cmd(&ch->se_cmd, 0);
	}
	if (ok && !ch->writing) {
		ch->writing = true;
		if (!liox_xcopy_pt_submit(ch, op->dev[seg->dst], true,
					  ch->dst_lba))
			return;
		ok = false;
	}

	spin_lock(&op->lock);
	if (!ok) {
		/* third party device failure */
		liox_xcopy_fail_locked(op, LIOX_SENSE_COPY_ABORTED, 0x0d, 0x01);
	} else {
		op->status.bytes_done += ch->len;
		op->status.segs_done = liox_xcopy_segs_done(op);
		atomic64_add(ch->len, &liox_xcopy_stats.bytes);
	}
	op->inflight--;
	spin_unlock(&op->lock);
	liox_xcopy_chunk_free(ch);

	liox_xcopy_fill(op);
	liox_xcopy_op_put(op);
}

static void liox_xcopy_start_work(struct work_struct *work)
{
	struct liox_xcopy_op *op =
		container_of(work, struct liox_xcopy_op, start_work);

	liox_xcopy_fill(op);
	/* the copy may have completed meanwhile: drop the work's reference */
	liox_xcopy_op_put(op);
}

/*
 * Refuse the copy before any data moved: drop @op and complete the host's
 * command with @err's sense data (field pointer included).
 */
static sense_reason_t liox_xcopy_refuse(struct liox_xcopy_op *op,
					const struct liox_xcopy_err *err)
{
	struct se_cmd *ec_cmd = op->ec_cmd;
	u8 sense[LIOX_XCOPY_SENSE_LEN];

	liox_xcopy_op_put(op);
	atomic64_inc(&liox_xcopy_stats.refused);
	liox_xcopy_sense_build(err, sense);
	transport_copy_sense_to_cmd(ec_cmd, sense);
	target_complete_cmd(ec_cmd, SAM_STAT_CHECK_CONDITION);
	return TCM_NO_SENSE;
}

/**
 * liox_xcopy_start() - take over an EXTENDED COPY from LIO
 * @ec_cmd: the host's command, with its parameter list
 *
 * Return: TCM_NO_SENSE once the command is ours (it completes later), or
 * a sense reason LIO reports itself.
 */
sense_reason_t liox_xcopy_start(struct se_cmd *ec_cmd)
{
	struct liox_xcopy_err err = { .bit = -1 };
	struct liox_xcopy_op *op;
	unsigned char *p;
	int i, ret;

	op = kzalloc(sizeof(*op), GFP_KERNEL);
	if (!op)
		return TCM_OUT_OF_RESOURCES;
	op->list = kmalloc(sizeof(*op->list), GFP_KERNEL);
	if (!op->list)
		goto err_free_op;
	kref_init(&op->kref);
	spin_lock_init(&op->lock);
	INIT_LIST_HEAD(&op->node);
	op->ec_cmd = ec_cmd;
	op->sess = ec_cmd->se_sess;

	p = ec_cmd->data_length ? transport_kmap_data_sg(ec_cmd) : NULL;
	if (ec_cmd->data_length && !p) {
		liox_xcopy_op_put(op);
		return TCM_OUT_OF_RESOURCES;
	}
	ret = liox_xcopy_parse(p, ec_cmd->data_length, op->list, &err);
	if (p)
		transport_kunmap_data_sg(ec_cmd);
	if (ret)
		return liox_xcopy_refuse(op, &err);
	op->status.state = LIOX_XCOPY_IN_PROGRESS;

	/* every device a segment uses must be a LUN of this session */
	for (i = 0; i < op->list->n_cscd; i++) {
		if (op->list->cscd[i].type_code != LIOX_XCOPY_CSCD_IDENT)
			continue;
		if (liox_xcopy_find_local(op, i))
			continue;	/* only fatal if a segment uses it */
		if (op->list->cscd[i].block_len !=
		    op->dev[i]->dev_attrib.block_size) {
			err = (struct liox_xcopy_err) {
				.key = LIOX_SENSE_ILLEGAL_REQUEST, .asc = 0x26,
				.field_valid = true,
				.field = LIOX_XCOPY_HDR_LEN + i * 32 + 29,
				.bit = -1,
			};
			return liox_xcopy_refuse(op, &err);
		}
	}
	for (i = 0; i < op->list->n_seg; i++) {
		const struct liox_xcopy_seg *seg = &op->list->seg[i];

		if (!op->dev[seg->src] || !op->dev[seg->dst]) {
			/* copy target device not reachable */
			err = (struct liox_xcopy_err) {
				.key = LIOX_SENSE_COPY_ABORTED, .asc = 0x0d,
				.ascq = 0x02, .bit = -1,
			};
			return liox_xcopy_refuse(op, &err);
		}
		if (seg->bytes % op->dev[seg->src]->dev_attrib.block_size ||
		    seg->bytes % op->dev[seg->dst]->dev_attrib.block_size) {
			err = (struct liox_xcopy_err) {
				.key = LIOX_SENSE_ILLEGAL_REQUEST, .asc = 0x26,
				.ascq = 0x0a, .field_valid = true,
				.field = seg->offset, .bit = -1,
			};
			return liox_xcopy_refuse(op, &err);
		}
	}

	atomic_inc(&liox_xcopy_active);
	liox_xcopy_results_add(op);
	/* LIO may call us where sleeping is unwelcome: start from our wq */
	INIT_WORK(&op->start_work, liox_xcopy_start_work);
	kref_get(&op->kref);
	queue_work(liox_xcopy_wq, &op->start_work);
	return TCM_NO_SENSE;

err_free_op:
	kfree(op);
	return TCM_OUT_OF_RESOURCES;
}

/* Wait until no copy is running (module unload). */
void liox_xcopy_wait_idle(void)
{
	wait_event(liox_xcopy_idle_wq, !atomic_read(&liox_xcopy_active));
}
