// SPDX-License-Identifier: GPL-2.0
/*
 * Remote I/O: one chunk's READ or WRITE as a SCSI pass-through request to
 * a copy target behind an initiator port. Disks get READ(16)/WRITE(16);
 * tapes get READ(6)/WRITE(6) in the block mode of their CSCD (fixed: the
 * transfer length counts blocks; variable: one record of the chunk's
 * length). The request runs asynchronously: its end_io (any context)
 * records the outcome and queues the chunk's work item, which calls
 * liox_xcopy_rio_finish(). No thread waits per chunk.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_proto.h>
#include "xcopy_internal.h"

#define LIOX_XCOPY_RIO_TIMEOUT	(60 * HZ)

static void liox_xcopy_rio_bio_end(struct bio *bio)
{
	bio_uninit(bio);
	kfree(bio);
}

static enum rq_end_io_ret liox_xcopy_rio_end(struct request *rq,
					     blk_status_t status)
{
	struct liox_xcopy_chunk *ch = rq->end_io_data;
	struct scsi_cmnd *scmd = blk_mq_rq_to_pdu(rq);

	ch->rq_status = status;
	ch->result = scmd->result;
	if (scmd->sense_len)
		memcpy(ch->rsense, scmd->sense_buffer, SCSI_SENSE_BUFFERSIZE);
	queue_work(liox_xcopy_wq, &ch->work);
	return RQ_END_IO_FREE;
}

/* The CDB for @len bytes at @lba (disk) or at the tape's position. */
static void liox_xcopy_rio_cdb(struct scsi_cmnd *scmd,
			       const struct liox_xcopy_cscd *cscd,
			       u32 block_len, bool write, u64 lba, u32 len)
{
	u8 *cdb = scmd->cmnd;

	memset(cdb, 0, 16);
	if (cscd->pdt == LIOX_XCOPY_PDT_TAPE) {
		cdb[0] = write ? WRITE_6 : READ_6;
		if (cscd->fixed) {
			cdb[1] = 0x01;	/* FIXED */
			put_unaligned_be24(len / block_len, &cdb[2]);
		} else {
			put_unaligned_be24(len, &cdb[2]);
		}
		scmd->cmd_len = 6;
		return;
	}
	cdb[0] = write ? WRITE_16 : READ_16;
	put_unaligned_be64(lba, &cdb[2]);
	put_unaligned_be32(len / block_len, &cdb[10]);
	scmd->cmd_len = 16;
}

/**
 * liox_xcopy_rio_submit() - start a chunk's I/O on remote CSCD @i
 * @ch: the chunk; ch->writing says READ or WRITE, its sgl holds the data
 * @i: CSCD index
 * @lba: first LBA (disks)
 *
 * Return: 0 when the request runs (the chunk's work item follows), or an
 * error when nothing was submitted (ch->port says which port failed).
 */
int liox_xcopy_rio_submit(struct liox_xcopy_chunk *ch, int i, u64 lba)
{
	struct liox_xcopy_remote *r = ch->op->remote[i];
	const struct liox_xcopy_cscd *cscd = &ch->op->list->cscd[i];
	struct scsi_device *sdev;
	struct scatterlist *sg;
	struct scsi_cmnd *scmd;
	struct request *rq;
	struct bio *bio;
	unsigned int n;
	int ret;

	mutex_lock(&r->lock);
	sdev = r->sdev;
	ch->port = r->cands.in_use;
	ch->gen = r->gen;
	if (sdev)
		get_device(&sdev->sdev_gendev);
	mutex_unlock(&r->lock);
	if (!sdev)
		return -ENODEV;
	ch->remote_io = true;
	ch->sdev = sdev;
	ch->rq_status = BLK_STS_OK;
	ch->result = 0;
	memset(ch->rsense, 0, sizeof(ch->rsense));

	rq = scsi_alloc_request(sdev->request_queue,
				ch->writing ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq)) {
		ret = PTR_ERR(rq);
		goto err_put_sdev;
	}
	bio = bio_kmalloc(ch->nents, GFP_KERNEL);
	if (!bio) {
		ret = -ENOMEM;
		goto err_free_rq;
	}
	bio_init(bio, NULL, bio->bi_inline_vecs, ch->nents,
		 ch->writing ? REQ_OP_WRITE : REQ_OP_READ);
	bio->bi_end_io = liox_xcopy_rio_bio_end;
	for_each_sg(ch->sgl, sg, ch->nents, n) {
		if (bio_add_pc_page(sdev->request_queue, bio, sg_page(sg),
				    sg->length, sg->offset) != sg->length) {
			ret = -EINVAL;
			goto err_free_bio;
		}
	}
	ret = blk_rq_append_bio(rq, bio);
	if (ret)
		goto err_free_bio;

	scmd = blk_mq_rq_to_pdu(rq);
	liox_xcopy_rio_cdb(scmd, cscd, r->block_len, ch->writing, lba, ch->len);
	scmd->allowed = 0;	/* the next port is our retry */
	rq->timeout = LIOX_XCOPY_RIO_TIMEOUT;
	rq->rq_flags |= RQF_QUIET;
	rq->end_io = liox_xcopy_rio_end;
	rq->end_io_data = ch;
	blk_execute_rq_nowait(rq, false);
	return 0;

err_free_bio:
	liox_xcopy_rio_bio_end(bio);
err_free_rq:
	blk_mq_free_request(rq);
err_put_sdev:
	put_device(&sdev->sdev_gendev);
	ch->sdev = NULL;
	ch->remote_io = false;
	return ret;
}

/**
 * liox_xcopy_rio_finish() - after the request: let the device go
 * @ch: the chunk, from its work item
 *
 * Return (in ch->failed): whether the I/O failed.
 */
void liox_xcopy_rio_finish(struct liox_xcopy_chunk *ch)
{
	if (ch->rq_status != BLK_STS_OK || ch->result)
		ch->failed = true;
	put_device(&ch->sdev->sdev_gendev);
	ch->sdev = NULL;
	ch->remote_io = false;
}

/**
 * liox_xcopy_rio_device_error() - did the device itself refuse the I/O?
 * @ch: a failed remote chunk
 *
 * A device that answered with a medium, hardware or data-protect error
 * would answer the same through every port: the copy fails (third party
 * device failure) instead of moving to the next port. Transport errors,
 * offline devices and NOT READY / UNIT ATTENTION go to the next port.
 */
bool liox_xcopy_rio_device_error(const struct liox_xcopy_chunk *ch)
{
	struct scsi_sense_hdr sshdr;

	if (ch->rq_status != BLK_STS_OK && !ch->result)
		return false;	/* never reached the device */
	if (host_byte(ch->result) != DID_OK ||
	    !scsi_normalize_sense(ch->rsense, SCSI_SENSE_BUFFERSIZE, &sshdr))
		return false;
	switch (sshdr.sense_key) {
	case MEDIUM_ERROR:
	case HARDWARE_ERROR:
	case ILLEGAL_REQUEST:
	case DATA_PROTECT:
	case BLANK_CHECK:
	case VOLUME_OVERFLOW:
	case NO_SENSE:		/* tape: filemark, end of data, ILI */
		return true;
	default:
		return false;
	}
}
