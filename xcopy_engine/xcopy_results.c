// SPDX-License-Identifier: GPL-2.0
/*
 * RECEIVE COPY RESULTS: the copies a host can ask about, per I_T nexus
 * (session) and list identifier, and the replacement for LIO's
 * target_do_receive_copy_results(). The most recent LIOX_RESULTS_MAX
 * copies whose LIST ID USAGE asks to hold data are kept; older ones are
 * discarded, as SPC-4 allows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/spinlock.h>
#include <scsi/scsi_proto.h>
#include <target/target_core_backend.h>
#include <target/target_core_fabric.h>
#include "xcopy_internal.h"

#define LIOX_RESULTS_MAX	64

static DEFINE_SPINLOCK(liox_results_lock);
static LIST_HEAD(liox_results);
static unsigned int liox_results_n;

/* Keep @op for RECEIVE COPY RESULTS (takes a reference). */
void liox_xcopy_results_add(struct liox_xcopy_op *op)
{
	struct liox_xcopy_op *old = NULL;

	if (op->list->list_id_usage != LIOX_XCOPY_LIST_ID_HOLD)
		return;
	kref_get(&op->kref);
	spin_lock(&liox_results_lock);
	list_add(&op->node, &liox_results);
	if (++liox_results_n > LIOX_RESULTS_MAX) {
		old = list_last_entry(&liox_results, struct liox_xcopy_op, node);
		list_del_init(&old->node);
		liox_results_n--;
	}
	spin_unlock(&liox_results_lock);
	if (old)
		liox_xcopy_op_put(old);
}

/* Drop every kept copy (module unload, after all copies finished). */
void liox_xcopy_results_flush(void)
{
	struct liox_xcopy_op *op, *tmp;
	LIST_HEAD(gone);

	spin_lock(&liox_results_lock);
	list_splice_init(&liox_results, &gone);
	liox_results_n = 0;
	spin_unlock(&liox_results_lock);
	list_for_each_entry_safe(op, tmp, &gone, node) {
		list_del_init(&op->node);
		liox_xcopy_op_put(op);
	}
}

/* Snapshot of the newest copy of (@sess, @list_id); false if none. */
static bool liox_xcopy_results_find(struct se_session *sess, u8 list_id,
				    struct liox_xcopy_status *st)
{
	struct liox_xcopy_op *op;
	bool found = false;

	spin_lock(&liox_results_lock);
	list_for_each_entry(op, &liox_results, node) {
		if (op->sess != sess || op->list->list_id != list_id)
			continue;
		spin_lock(&op->lock);
		*st = op->status;
		spin_unlock(&op->lock);
		found = true;
		break;
	}
	spin_unlock(&liox_results_lock);
	return found;
}

/**
 * liox_xcopy_rcr() - RECEIVE COPY RESULTS (LID1)
 * @se_cmd: the command
 *
 * Return: TCM_NO_SENSE (completed), or the reason LIO reports.
 */
sense_reason_t liox_xcopy_rcr(struct se_cmd *se_cmd)
{
	u8 sa = se_cmd->t_task_cdb[1] & 0x1f, list_id = se_cmd->t_task_cdb[2];
	struct liox_xcopy_status st;
	u8 data[96];
	unsigned char *buf;
	u32 len;

	switch (sa) {
	case LIOX_RCR_OPERATING_PARAMETERS:
		len = liox_xcopy_rcr_op_params(data, sizeof(data),
					       LIOX_XCOPY_MAX_ACTIVE);
		break;
	case LIOX_RCR_COPY_STATUS:
	case LIOX_RCR_FAILED_SEGMENT_DETAILS:
		if (!liox_xcopy_results_find(se_cmd->se_sess, list_id, &st))
			return TCM_INVALID_CDB_FIELD;
		len = sa == LIOX_RCR_COPY_STATUS ?
		      liox_xcopy_rcr_copy_status(&st, data, sizeof(data)) :
		      liox_xcopy_rcr_failed_details(&st, data, sizeof(data));
		break;
	default:	/* RECEIVE DATA: we hold no data */
		return TCM_INVALID_CDB_FIELD;
	}
	len = min_t(u32, len, sizeof(data));
	if (se_cmd->data_length) {
		buf = transport_kmap_data_sg(se_cmd);
		if (!buf)
			return TCM_OUT_OF_RESOURCES;
		memcpy(buf, data, min(len, se_cmd->data_length));
		transport_kunmap_data_sg(se_cmd);
	}
	target_complete_cmd_with_length(se_cmd, SAM_STAT_GOOD,
					min(len, se_cmd->data_length));
	return TCM_NO_SENSE;
}
