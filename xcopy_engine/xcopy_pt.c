// SPDX-License-Identifier: GPL-2.0
/*
 * Internal READ/WRITE commands to local LIO devices, the way
 * target_core_xcopy.c does it, with exported LIO APIs only: a private
 * session and fabric ops that nobody registers, commands addressed to the
 * device's own xcopy_lun, the chunk's pages mapped in without copying.
 * Completion is asynchronous: check_stop_free hands the chunk to our
 * workqueue, so no thread waits on a chunk.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <scsi/scsi_proto.h>
#include <target/target_core_fabric.h>
#include <asm/unaligned.h>
#include "xcopy_internal.h"

static struct se_portal_group liox_xcopy_pt_tpg;
static struct se_node_acl liox_xcopy_pt_nacl;
static struct se_session liox_xcopy_pt_sess;

static int liox_xcopy_pt_get_cmd_state(struct se_cmd *se_cmd)
{
	return 0;
}

static void liox_xcopy_pt_release_cmd(struct se_cmd *se_cmd)
{
	/* the chunk owns the command; it is freed with the chunk */
}

static int liox_xcopy_pt_check_stop_free(struct se_cmd *se_cmd)
{
	struct liox_xcopy_chunk *ch =
		container_of(se_cmd, struct liox_xcopy_chunk, se_cmd);

	queue_work(liox_xcopy_wq, &ch->work);
	return 0;
}

static int liox_xcopy_pt_noop(struct se_cmd *se_cmd)
{
	return 0;
}

/* A LUN reset can abort our commands; the chunk sees CMD_T_ABORTED. */
static void liox_xcopy_pt_aborted_task(struct se_cmd *se_cmd)
{
}

static const struct target_core_fabric_ops liox_xcopy_pt_tfo = {
	.fabric_name		= "liox-xcopy",
	.get_cmd_state		= liox_xcopy_pt_get_cmd_state,
	.release_cmd		= liox_xcopy_pt_release_cmd,
	.check_stop_free	= liox_xcopy_pt_check_stop_free,
	.write_pending		= liox_xcopy_pt_noop,
	.queue_data_in		= liox_xcopy_pt_noop,
	.queue_status		= liox_xcopy_pt_noop,
	.aborted_task		= liox_xcopy_pt_aborted_task,
};

/**
 * liox_xcopy_pt_submit() - READ(16) or WRITE(16) of a chunk
 * @ch: the chunk, with its pages and length
 * @dev: local device
 * @write: WRITE instead of READ
 * @lba: first block, in @dev's block size
 *
 * Return: 0 when submitted (liox_xcopy_chunk_done() follows), or -EINVAL
 * when LIO refused the command before submitting it.
 */
int liox_xcopy_pt_submit(struct liox_xcopy_chunk *ch, struct se_device *dev,
			 bool write, u64 lba)
{
	struct se_cmd *cmd = &ch->se_cmd;
	unsigned char cdb[16] = { 0 };

	memset(cmd, 0, sizeof(*cmd));
	cdb[0] = write ? WRITE_16 : READ_16;
	put_unaligned_be64(lba, &cdb[2]);
	put_unaligned_be32(ch->len / dev->dev_attrib.block_size, &cdb[10]);

	__target_init_cmd(cmd, &liox_xcopy_pt_tfo, &liox_xcopy_pt_sess, ch->len,
			  write ? DMA_TO_DEVICE : DMA_FROM_DEVICE,
			  TCM_SIMPLE_TAG, ch->sense, 0, NULL);
	cmd->se_lun = &dev->xcopy_lun;
	cmd->se_dev = dev;
	cmd->se_cmd_flags |= SCF_SE_LUN_CMD;
	if (target_cmd_init_cdb(cmd, cdb, GFP_KERNEL) ||
	    target_cmd_parse_cdb(cmd))
		goto err_free_cmd;
	/* the chunk's own pages: what transport_generic_map_mem_to_cmd does */
	cmd->t_data_sg = ch->sgl;
	cmd->t_data_nents = ch->nents;
	cmd->se_cmd_flags |= SCF_PASSTHROUGH_SG_TO_MEM_NOALLOC;

	if (transport_generic_new_cmd(cmd))
		goto err_free_cmd;
	if (write)
		target_execute_cmd(cmd);
	return 0;

err_free_cmd:
	transport_generic_free_cmd(cmd, 0);
	memset(cmd, 0, sizeof(*cmd));
	return -EINVAL;
}

void liox_xcopy_pt_init(void)
{
	INIT_LIST_HEAD(&liox_xcopy_pt_tpg.acl_node_list);
	INIT_LIST_HEAD(&liox_xcopy_pt_tpg.tpg_sess_list);
	liox_xcopy_pt_tpg.se_tpg_tfo = &liox_xcopy_pt_tfo;
	INIT_LIST_HEAD(&liox_xcopy_pt_nacl.acl_list);
	INIT_LIST_HEAD(&liox_xcopy_pt_nacl.acl_sess_list);
	transport_init_session(&liox_xcopy_pt_sess);
	liox_xcopy_pt_nacl.se_tpg = &liox_xcopy_pt_tpg;
	liox_xcopy_pt_nacl.nacl_sess = &liox_xcopy_pt_sess;
	liox_xcopy_pt_sess.se_tpg = &liox_xcopy_pt_tpg;
	liox_xcopy_pt_sess.se_node_acl = &liox_xcopy_pt_nacl;
}
