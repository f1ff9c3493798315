// SPDX-License-Identifier: GPL-2.0
/*
 * One EXTENDED COPY from start to end: decode the parameter list, find
 * the CSCDs among the LUNs the issuing session may see (never outside its
 * ACL: the CVE-2020-28374 rule) or else behind the initiator ports of the
 * port group of the target port the command arrived on (xcopy_remote.c),
 * then move the data in chunks, several in flight, each a READ from the
 * source followed by a WRITE to the destination, and complete the host's
 * command with GOOD or the sense data of the first failure.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lcm.h>
#include <linux/slab.h>
#include <scsi/scsi_proto.h>
#include <target/target_core_backend.h>
#include <target/target_core_fabric.h>
#include <liox/core.h>
#include "xcopy_internal.h"
#include "xcopy_naa.h"

static atomic_t liox_xcopy_active = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(liox_xcopy_idle_wq);
/* running copies, for LIST ID checks and netlink */
static LIST_HEAD(liox_xcopy_active_list);
static DEFINE_SPINLOCK(liox_xcopy_active_lock);

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
	liox_xcopy_remote_close(op);
	kfree(op->list);
	kfree(op);
}

void liox_xcopy_op_put(struct liox_xcopy_op *op)
{
	kref_put(&op->kref, liox_xcopy_op_release);
}

/*
 * End the copy with COPY ABORTED, ASC 0Dh and @ascq (01h third party
 * device failure, 02h copy target device not reachable) once in-flight
 * chunks finish; the first error wins. Caller holds op->lock.
 */
static void liox_xcopy_abort_locked(struct liox_xcopy_op *op, u8 ascq)
{
	if (op->failed)
		return;
	op->failed = true;
	op->err = (struct liox_xcopy_err) { .key = LIOX_SENSE_COPY_ABORTED,
					    .asc = 0x0d, .ascq = ascq,
					    .bit = -1 };
}

static void liox_xcopy_abort(struct liox_xcopy_op *op, u8 ascq)
{
	spin_lock(&op->lock);
	liox_xcopy_abort_locked(op, ascq);
	spin_unlock(&op->lock);
}

/* Per port group and port: did the copy finish, through which ports? */
static void liox_xcopy_count_end(struct liox_xcopy_op *op, bool failed)
{
	int i, port;

	if (!op->bind.pg)
		return;
	atomic64_inc(failed ? &op->bind.pg->stats.failures :
			      &op->bind.pg->stats.copies);
	for (i = 0; i < LIOX_XCOPY_MAX_CSCD && !failed; i++) {
		port = op->remote[i] ? op->remote[i]->cands.in_use : -1;
		if (port >= 0)
			atomic64_inc(&op->bind.port[port]->stats.copies);
	}
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

	liox_xcopy_count_end(op, failed);
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
	/* netlink walks the running copies: leave that list first */
	spin_lock(&liox_xcopy_active_lock);
	list_del_init(&op->active_node);
	spin_unlock(&liox_xcopy_active_lock);
	liox_xcopy_put_luns(op);
	liox_xcopy_remote_close(op);
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

/* Bytes per block of CSCD @i: the LUN's, or the remote CSCD's. */
static u32 liox_xcopy_block_len(const struct liox_xcopy_op *op, int i)
{
	return op->dev[i] ? op->dev[i]->dev_attrib.block_size :
			    op->list->cscd[i].block_len;
}

static bool liox_xcopy_is_stream(const struct liox_xcopy_op *op, int i)
{
	return op->list->cscd[i].pdt == LIOX_XCOPY_PDT_TAPE;
}

/* LBA @off bytes into a segment on CSCD @i; tapes have no LBA. */
static u64 liox_xcopy_lba(const struct liox_xcopy_op *op, int i, u64 lba,
			  u64 off)
{
	if (liox_xcopy_is_stream(op, i))
		return 0;
	return lba + div_u64(off, liox_xcopy_block_len(op, i));
}

/*
 * Bytes the next chunk of @seg moves, from @left: the configured chunk
 * size, what the remote ports take in one request, whole blocks on both
 * sides; a variable-block tape record fits the 24-bit length of READ(6).
 */
static u32 liox_xcopy_chunk_len(const struct liox_xcopy_op *op,
				const struct liox_xcopy_seg *seg, u64 left)
{
	u64 len = min_t(u64, liox_xcopy_cfg.chunk_kb << 10, left);
	u32 unit = 1;
	int i, idx;

	for (i = 0; i < 2; i++) {
		idx = i ? seg->dst : seg->src;
		if (op->remote[idx])
			len = min_t(u64, len, READ_ONCE(op->remote[idx]->max_bytes));
		if (liox_xcopy_is_stream(op, idx)) {
			if (op->list->cscd[idx].fixed)
				unit = lcm(unit, op->list->cscd[idx].block_len);
			else
				len = min_t(u64, len, 0xffffff);
		} else {
			unit = lcm(unit, liox_xcopy_block_len(op, idx));
		}
	}
	/* the parser made every segment whole blocks on both sides */
	if (len < left)
		len = rounddown(len, unit);
	return len;
}

/* Start the chunk's READ (or WRITE, once read) on a LUN or a remote port. */
static int liox_xcopy_chunk_submit(struct liox_xcopy_chunk *ch)
{
	struct liox_xcopy_op *op = ch->op;
	const struct liox_xcopy_seg *seg = &op->list->seg[ch->seg];
	int i = ch->writing ? seg->dst : seg->src;
	u64 lba = ch->writing ? ch->dst_lba : ch->src_lba;

	ch->port = -1;
	if (op->dev[i])
		return liox_xcopy_pt_submit(ch, op->dev[i], ch->writing, lba);
	return liox_xcopy_rio_submit(ch, i, lba);
}

/*
 * Take the next range of the current segment and start its READ. Returns
 * false when nothing is left to issue (or the copy failed).
 */
static bool liox_xcopy_issue_one(struct liox_xcopy_op *op)
{
	const struct liox_xcopy_seg *seg;
	struct liox_xcopy_chunk *ch;
	bool stream;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	spin_lock(&op->lock);
	if (liox_xcopy_all_issued_locked(op) ||
	    op->inflight >= liox_xcopy_cfg.depth) {
		spin_unlock(&op->lock);
		kfree(ch);
		return false;
	}
	seg = &op->list->seg[op->seg];
	/* a tape takes its records in order: one chunk at a time */
	stream = liox_xcopy_is_stream(op, seg->src) ||
		 liox_xcopy_is_stream(op, seg->dst);
	if (stream && op->inflight) {
		spin_unlock(&op->lock);
		kfree(ch);
		return false;
	}
	if (!ch) {
		liox_xcopy_abort_locked(op, 0x01);
		spin_unlock(&op->lock);
		return false;
	}
	ch->op = op;
	ch->seg = op->seg;
	ch->port = -1;
	ch->len = liox_xcopy_chunk_len(op, seg, seg->bytes - op->seg_off);
	if (!ch->len) {
		liox_xcopy_abort_locked(op, 0x01);
		spin_unlock(&op->lock);
		kfree(ch);
		return false;
	}
	ch->src_lba = liox_xcopy_lba(op, seg->src, seg->src_lba, op->seg_off);
	ch->dst_lba = liox_xcopy_lba(op, seg->dst, seg->dst_lba, op->seg_off);
	op->seg_off += ch->len;
	op->inflight++;
	kref_get(&op->kref);
	spin_unlock(&op->lock);

	INIT_WORK(&ch->work, liox_xcopy_chunk_done);
	if (target_alloc_sgl(&ch->sgl, &ch->nents, ch->len, false, false) ||
	    liox_xcopy_chunk_submit(ch)) {
		ch->failed = true;	/* finish it as a failed READ */
		queue_work(liox_xcopy_wq, &ch->work);
	}
	return !stream;
}

static void liox_xcopy_fill(struct liox_xcopy_op *op)
{
	while (liox_xcopy_issue_one(op))
		;
	liox_xcopy_maybe_complete(op);
}

/*
 * A remote I/O of @ch failed. If its port is to blame, hand the chunk to
 * the next port: true when it was resubmitted there. Otherwise set the
 * copy's sense data (device failure, or no port left).
 */
static bool liox_xcopy_chunk_retry(struct liox_xcopy_chunk *ch, int i)
{
	struct liox_xcopy_op *op = ch->op;
	bool device = liox_xcopy_rio_device_error(ch);
	u8 ascq = 0x01;		/* third party device failure */

	/* a tape's position after a failed record is unknown: stop there */
	if (!device && ch->port >= 0 && !liox_xcopy_is_stream(op, i)) {
		if (!liox_xcopy_remote_switch(op, i, ch->port, ch->gen)) {
			ch->failed = false;
			if (!liox_xcopy_chunk_submit(ch))
				return true;
		}
		ascq = 0x02;	/* copy target device not reachable */
	}
	liox_xcopy_abort(op, ascq);
	return false;
}

/* A chunk's READ or WRITE finished (workqueue context). */
void liox_xcopy_chunk_done(struct work_struct *work)
{
	struct liox_xcopy_chunk *ch =
		container_of(work, struct liox_xcopy_chunk, work);
	struct liox_xcopy_op *op = ch->op;
	const struct liox_xcopy_seg *seg = &op->list->seg[ch->seg];
	bool ok;

	if (ch->remote_io) {
		liox_xcopy_rio_finish(ch);
		if (!ch->failed)
			atomic64_add(ch->len,
				     &op->bind.port[ch->port]->stats.bytes);
	} else if (!ch->failed) {
		/* an aborted command may finish with status 0: not a success */
		ch->failed = ch->se_cmd.scsi_status ||
			     (ch->se_cmd.transport_state & CMD_T_ABORTED);
		transport_generic_free_cmd(&ch->se_cmd, 0);
	}
	if (ch->failed && ch->port >= 0 &&
	    liox_xcopy_chunk_retry(ch, ch->writing ? seg->dst : seg->src))
		return;		/* resubmitted through the next port */
	ok = !ch->failed;
	if (ok && !ch->writing) {
		ch->writing = true;
		if (!liox_xcopy_chunk_submit(ch))
			return;
		ch->failed = true;
		if (ch->port >= 0 && liox_xcopy_chunk_retry(ch, seg->dst))
			return;
		ok = false;
	}

	spin_lock(&op->lock);
	if (!ok) {
		/* third party device failure, unless set more precisely */
		liox_xcopy_abort_locked(op, 0x01);
	} else {
		op->status.bytes_done += ch->len;
		op->status.segs_done = liox_xcopy_segs_done(op);
		atomic64_add(ch->len, &liox_xcopy_stats.bytes);
		if (op->bind.pg)
			atomic64_add(ch->len, &op->bind.pg->stats.bytes);
	}
	op->inflight--;
	spin_unlock(&op->lock);
	liox_xcopy_chunk_free(ch);

	liox_xcopy_fill(op);
	liox_xcopy_op_put(op);
}

/* Reach the remote CSCDs the segments use (sleeps: TEST UNIT READY). */
static void liox_xcopy_open_remotes(struct liox_xcopy_op *op)
{
	int i, j, ret = 0;

	for (i = 0; i < op->list->n_seg && !ret; i++) {
		for (j = 0; j < 2 && !ret; j++) {
			int c = j ? op->list->seg[i].dst : op->list->seg[i].src;

			if (!op->dev[c] && !op->remote[c])
				ret = liox_xcopy_remote_open(op, c);
		}
	}
	if (ret)
		liox_xcopy_abort(op, ret == -ENODEV ? 0x02 : 0x01);
}

static void liox_xcopy_start_work(struct work_struct *work)
{
	struct liox_xcopy_op *op =
		container_of(work, struct liox_xcopy_op, start_work);

	if (op->bind.pg)
		liox_xcopy_open_remotes(op);
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

/* Is a CSCD used by a segment? */
static bool liox_xcopy_cscd_used(const struct liox_xcopy_list *list, int i)
{
	int s;

	for (s = 0; s < list->n_seg; s++) {
		if (list->seg[s].src == i || list->seg[s].dst == i)
			return true;
	}
	return false;
}

/*
 * Find every CSCD a segment uses: a LUN of the session, or a remote copy
 * target the port group may reach (probed later, from the work item).
 */
static int liox_xcopy_resolve(struct liox_xcopy_op *op,
			      struct liox_xcopy_err *err)
{
	const struct liox_xcopy_list *list = op->list;
	bool remote = false;
	int i, ret;

	for (i = 0; i < list->n_cscd; i++) {
		const struct liox_xcopy_cscd *cscd = &list->cscd[i];

		if (cscd->type_code != LIOX_XCOPY_CSCD_IDENT ||
		    !liox_xcopy_cscd_used(list, i))
			continue;
		/* LIO has no tape LUNs of its own to copy to */
		if (cscd->pdt == LIOX_XCOPY_PDT_DISK &&
		    !liox_xcopy_find_local(op, i)) {
			if (cscd->block_len == op->dev[i]->dev_attrib.block_size)
				continue;
			*err = (struct liox_xcopy_err) {
				.key = LIOX_SENSE_ILLEGAL_REQUEST, .asc = 0x26,
				.field_valid = true,
				.field = LIOX_XCOPY_HDR_LEN + i * 32 + 29,
				.bit = -1,
			};
			return -EINVAL;
		}
		remote = true;
	}
	if (!remote)
		return 0;

	ret = liox_xcopy_pg_bind(op->ec_cmd->se_lun->lun_tpg,
				 list->port_group >= 0 ? list->port_group_name :
							 NULL, &op->bind);
	if (ret && list->port_group >= 0) {
		/* no such group, or not one this target port may use */
		*err = (struct liox_xcopy_err) {
			.key = LIOX_SENSE_ILLEGAL_REQUEST, .asc = 0x26,
			.field_valid = true,
			.field = LIOX_XCOPY_HDR_LEN + list->port_group * 32 + 4,
			.bit = -1,
		};
		return ret;
	}
	if (ret) {
		/* a target port in no group copies between local LUNs only */
		*err = (struct liox_xcopy_err) {
			.key = LIOX_SENSE_COPY_ABORTED, .asc = 0x0d,
			.ascq = 0x02, .bit = -1,
		};
		return ret;
	}
	return 0;
}

/*
 * LIST ID checks and the concurrency limit, then add @op to the running
 * copies. SPC-4: a list identifier that is in use on the same I_T nexus
 * ends the new command with OPERATION IN PROGRESS.
 */
static int liox_xcopy_admit(struct liox_xcopy_op *op,
			    struct liox_xcopy_err *err)
{
	struct liox_xcopy_op *other;
	int ret = 0;

	spin_lock(&liox_xcopy_active_lock);
	if (op->list->list_id_usage != LIOX_XCOPY_LIST_ID_NONE) {
		list_for_each_entry(other, &liox_xcopy_active_list, active_node) {
			if (other->sess == op->sess &&
			    other->list->list_id_usage != LIOX_XCOPY_LIST_ID_NONE &&
			    other->list->list_id == op->list->list_id) {
				*err = (struct liox_xcopy_err) {
					.key = LIOX_SENSE_ILLEGAL_REQUEST,
					.asc = 0x00, .ascq = 0x16, .bit = -1,
				};
				ret = -EBUSY;
				goto out_unlock;
			}
		}
	}
	if (atomic_read(&liox_xcopy_active) >= LIOX_XCOPY_MAX_ACTIVE) {
		/* INSUFFICIENT RESOURCES */
		*err = (struct liox_xcopy_err) {
			.key = LIOX_SENSE_ILLEGAL_REQUEST, .asc = 0x55,
			.ascq = 0x03, .bit = -1,
		};
		ret = -EBUSY;
		goto out_unlock;
	}
	atomic_inc(&liox_xcopy_active);
	list_add_tail(&op->active_node, &liox_xcopy_active_list);
out_unlock:
	spin_unlock(&liox_xcopy_active_lock);
	return ret;
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
	INIT_LIST_HEAD(&op->active_node);
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

	if (liox_xcopy_resolve(op, &err))
		return liox_xcopy_refuse(op, &err);
	for (i = 0; i < op->list->n_seg; i++)
		op->bytes_total += op->list->seg[i].bytes;
	if (liox_xcopy_admit(op, &err))
		return liox_xcopy_refuse(op, &err);

	liox_xcopy_results_add(op);
	/* probing remote ports sleeps: start from our workqueue */
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

/* Copies running now. */
unsigned int liox_xcopy_active_count(void)
{
	return atomic_read(&liox_xcopy_active);
}

/**
 * liox_xcopy_active_walk() - visit the running copies, for netlink
 * @fn: called under a spinlock (must not sleep); an error stops the walk
 * @arg: passed to @fn
 * @pos: in: copies to pass over; out: the index of the copy @fn failed
 *	on, or the number of copies
 *
 * Return: 0 when every copy was visited, else @fn's error.
 */
int liox_xcopy_active_walk(int (*fn)(struct liox_xcopy_op *op, void *arg),
			   void *arg, unsigned long *pos)
{
	struct liox_xcopy_op *op;
	unsigned long i = 0;
	int ret = 0;

	spin_lock(&liox_xcopy_active_lock);
	list_for_each_entry(op, &liox_xcopy_active_list, active_node) {
		if (i >= *pos) {
			ret = fn(op, arg);
			if (ret)
				break;
		}
		i++;
	}
	spin_unlock(&liox_xcopy_active_lock);
	*pos = i;
	return ret;
}
