// SPDX-License-Identifier: GPL-2.0
/*
 * Copy targets on other storage systems, reached through this node's
 * initiator ports (SCSI hosts) of the copy's port group. For a CSCD that
 * is not a LUN of the issuing session, each candidate port is tried in
 * turn: the SCSI device whose VPD page 83h carries the CSCD's designator
 * must be behind it, online, and answer TEST UNIT READY. A port that
 * fails - at the start or in the middle of the copy - is dropped and the
 * next one takes over; when none is left the copy ends with COPY ABORTED,
 * copy target device not reachable, and an event plus a ratelimited log
 * line say which ports failed and why.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/bio.h>
#include <linux/slab.h>
#include <asm/unaligned.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_proto.h>
#include <target/target_core_base.h>
#include "xcopy_hosts.h"
#include "xcopy_internal.h"

#define LIOX_XCOPY_TUR_TIMEOUT	(10 * HZ)
#define LIOX_XCOPY_TUR_RETRIES	3	/* unit attentions after a login */

/* Does the device's VPD page 83h carry the LU designator @d? */
static bool liox_xcopy_sdev_matches(struct scsi_device *sdev,
				    const struct liox_xcopy_desig *d)
{
	const struct scsi_vpd *vpd;
	bool found = false;
	const u8 *p, *end;

	rcu_read_lock();
	vpd = rcu_dereference(sdev->vpd_pg83);
	if (!vpd || vpd->len < 4)
		goto out_unlock;
	end = vpd->data + min_t(int, vpd->len,
				4 + get_unaligned_be16(vpd->data + 2));
	for (p = vpd->data + 4; p + 4 <= end && p + 4 + p[3] <= end;
	     p += 4 + p[3]) {
		if ((p[1] >> 4 & 0x3) != 0 || (p[0] & 0x0f) != d->code_set ||
		    (p[1] & 0x0f) != d->type || p[3] != d->len)
			continue;
		if (!memcmp(p + 4, d->id, d->len)) {
			found = true;
			break;
		}
	}
out_unlock:
	rcu_read_unlock();
	return found;
}

/*
 * Probe the copy target behind initiator port @port of the copy's group:
 * the SCSI host with the port's number or stable name. On success *@out
 * holds a reference to the device.
 */
static enum liox_xcopy_port_reason
liox_xcopy_remote_probe(const struct liox_xcopy_binding *b, int port,
			const struct liox_xcopy_cscd *cscd,
			struct scsi_device **out)
{
	struct scsi_device *sdev, *found = NULL;
	struct liox_xcopy_portname *name;
	struct scsi_sense_hdr sshdr;
	struct Scsi_Host *shost;
	int host;

	name = kmalloc(sizeof(*name), GFP_KERNEL);
	if (!name)
		return LIOX_PORT_NO_HOST;
	host = liox_xcopy_pg_port_host(b, port, name);
	if (name->kind != LIOX_PORTNAME_NONE)
		shost = liox_xcopy_hosts_find(name);
	else
		shost = host >= 0 ? scsi_host_lookup(host) : NULL;
	kfree(name);
	if (!shost)
		return LIOX_PORT_NO_HOST;
	if (shost->shost_state != SHOST_RUNNING) {
		scsi_host_put(shost);
		return LIOX_PORT_OFFLINE;
	}
	shost_for_each_device(sdev, shost) {
		if (sdev->type == cscd->pdt &&
		    liox_xcopy_sdev_matches(sdev, &cscd->desig)) {
			found = sdev;	/* the iterator's reference is ours */
			break;
		}
	}
	scsi_host_put(shost);
	if (!found)
		return LIOX_PORT_NO_DEVICE;
	if (!scsi_device_online(found)) {
		scsi_device_put(found);
		return LIOX_PORT_OFFLINE;
	}
	if (scsi_test_unit_ready(found, LIOX_XCOPY_TUR_TIMEOUT,
				 LIOX_XCOPY_TUR_RETRIES, &sshdr)) {
		scsi_device_put(found);
		return LIOX_PORT_NOT_READY;
	}
	*out = found;
	return LIOX_PORT_OK;
}

/* Largest request @sdev takes as one bio of whole pages. */
static u32 liox_xcopy_remote_max_bytes(struct scsi_device *sdev)
{
	struct request_queue *q = sdev->request_queue;
	u64 max = (u64)queue_max_hw_sectors(q) << SECTOR_SHIFT;

	max = min_t(u64, max, (u64)queue_max_segments(q) * PAGE_SIZE);
	max = min_t(u64, max, (u64)BIO_MAX_VECS * PAGE_SIZE);
	if (queue_max_segment_size(q) < PAGE_SIZE)
		max = 0;	/* liox_xcopy_rio_submit() maps whole pages */
	return max;
}

/*
 * A tape's largest record (READ BLOCK LIMITS): a variable-block chunk is
 * one record, so it must not be longer. 0 when the drive does not say.
 */
static u32 liox_xcopy_remote_max_block(struct scsi_device *sdev)
{
	static const u8 cdb[6] = { READ_BLOCK_LIMITS };
	struct scsi_sense_hdr sshdr;
	u8 *buf;
	u32 max = 0;

	buf = kzalloc(6, GFP_KERNEL);
	if (!buf)
		return 0;
	if (!scsi_execute_req(sdev, cdb, DMA_FROM_DEVICE, buf, 6, &sshdr,
			      LIOX_XCOPY_TUR_TIMEOUT, 1, NULL))
		max = get_unaligned_be24(buf + 1);
	kfree(buf);
	return max;
}

/**
 * liox_xcopy_desig_format() - a designator as text, for events and logs
 * @d: the designator
 * @buf: where the NUL-terminated text goes
 * @size: its size
 *
 * Return: the length of the text.
 */
size_t liox_xcopy_desig_format(const struct liox_xcopy_desig *d, char *buf,
			       size_t size)
{
	static const char * const prefix[] = {
		[LIOX_XCOPY_DESIG_T10] = "t10.", [LIOX_XCOPY_DESIG_EUI64] = "eui.",
		[LIOX_XCOPY_DESIG_NAA] = "naa.", [LIOX_XCOPY_DESIG_SCSI_NAME] = "",
	};
	const char *pre = d->type < ARRAY_SIZE(prefix) && prefix[d->type] ?
			  prefix[d->type] : "?.";

	/* code set 1 is binary: hex; ASCII and UTF-8 as they are */
	if (d->code_set == 1)
		return scnprintf(buf, size, "%s%*phN", pre, d->len, d->id);
	return scnprintf(buf, size, "%s%.*s", pre, d->len, d->id);
}

/*
 * Tell the operator about CSCD @i of a copy: a ratelimited log line and
 * the netlink event @event, both "list N from <initiator>: copy target
 * <designator><what>", the port group being the event's object.
 */
static __printf(4, 5) void liox_xcopy_remote_tell(struct liox_xcopy_op *op,
						  int i, u32 event,
						  const char *fmt, ...)
{
	const char *pg = config_item_name(&op->bind.pg->group.cg_item);
	char desig[2 * LIOX_XCOPY_DESIG_MAX + 8];
	char *what, *msg;
	va_list ap;

	va_start(ap, fmt);
	what = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	liox_xcopy_desig_format(&op->list->cscd[i].desig, desig, sizeof(desig));
	msg = kasprintf(GFP_KERNEL, "list %u from %s: copy target %s%s",
			op->list->list_id, op->sess->se_node_acl->initiatorname,
			desig, what ? what : "");
	if (event == LIOX_EVENT_XCOPY_UNREACHABLE)
		liox_warn_ratelimited("port group %s: %s\n", pg, msg ? msg : desig);
	else
		liox_info_ratelimited("port group %s: %s\n", pg, msg ? msg : desig);
	liox_event_notify(&liox_xcopy_cap, event, pg, msg ? msg : desig,
			  GFP_KERNEL);
	kfree(msg);
	kfree(what);
}

/* No port reached CSCD @i: say why, port by port. */
static void liox_xcopy_remote_report(struct liox_xcopy_op *op, int i)
{
	const char *names[LIOX_XCOPY_MAX_PORTS] = { NULL };
	char ports[256];
	unsigned int p;

	for (p = 0; p < op->bind.n_ports; p++)
		names[p] = liox_xcopy_pg_port_name(&op->bind, p);
	liox_xcopy_cands_report(&op->remote[i]->cands, names, ports,
				sizeof(ports));
	liox_xcopy_remote_tell(op, i, LIOX_EVENT_XCOPY_UNREACHABLE,
			       " not reachable: %s", ports);
}

/*
 * Find a port that reaches CSCD @i, starting with the current one.
 * Caller holds r->lock; r->sdev is NULL.
 */
static int liox_xcopy_remote_pick(struct liox_xcopy_op *op, int i)
{
	const struct liox_xcopy_cscd *cscd = &op->list->cscd[i];
	struct liox_xcopy_remote *r = op->remote[i];
	enum liox_xcopy_port_reason reason;
	struct scsi_device *sdev;
	int port;

	while ((port = liox_xcopy_cands_next(&r->cands)) >= 0) {
		reason = liox_xcopy_remote_probe(&op->bind, port, cscd, &sdev);
		if (reason == LIOX_PORT_OK && cscd->pdt == LIOX_XCOPY_PDT_DISK &&
		    sdev->sector_size && sdev->sector_size != cscd->block_len) {
			scsi_device_put(sdev);
			reason = LIOX_PORT_NO_DEVICE;	/* not the disk we know */
		}
		if (reason == LIOX_PORT_OK) {
			r->max_bytes = liox_xcopy_remote_max_bytes(sdev);
			if (cscd->pdt == LIOX_XCOPY_PDT_TAPE && !cscd->fixed) {
				u32 blk = liox_xcopy_remote_max_block(sdev);

				if (blk)
					r->max_bytes = min(r->max_bytes, blk);
			}
			r->sdev = sdev;
			r->gen++;
			return 0;
		}
		liox_xcopy_cands_drop(&r->cands, port, reason);
		atomic64_inc(&op->bind.port[port]->stats.failures);
	}
	liox_xcopy_remote_report(op, i);
	return -ENODEV;
}

/**
 * liox_xcopy_remote_open() - find CSCD @i behind the copy's initiator ports
 * @op: the copy, bound to a port group
 * @i: CSCD index
 *
 * Sleeps (TEST UNIT READY). Return: 0, -ENOMEM, or -ENODEV when no port
 * reaches the device (the event is sent).
 */
int liox_xcopy_remote_open(struct liox_xcopy_op *op, int i)
{
	struct liox_xcopy_remote *r;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	mutex_init(&r->lock);
	liox_xcopy_cands_init(&r->cands, op->bind.member);
	r->block_len = op->list->cscd[i].block_len;
	WRITE_ONCE(op->remote[i], r);
	mutex_lock(&r->lock);
	ret = liox_xcopy_remote_pick(op, i);
	mutex_unlock(&r->lock);
	return ret;
}

/**
 * liox_xcopy_remote_switch() - give up a port that failed an I/O
 * @op: the copy
 * @i: CSCD index
 * @port: the port the failed I/O went through
 * @gen: the remote's generation when that I/O was submitted
 *
 * Several chunks in flight may fail on the same port: the first drops it
 * and finds the next, the others find the switch done. Sleeps.
 *
 * Return: 0 when a port reaches the device now, -ENODEV when none does.
 */
int liox_xcopy_remote_switch(struct liox_xcopy_op *op, int i, int port,
			     unsigned int gen)
{
	struct liox_xcopy_remote *r = op->remote[i];
	int ret = 0;

	mutex_lock(&r->lock);
	if (r->gen != gen)
		goto out_unlock;	/* somebody switched already */
	if (!r->sdev) {
		ret = -ENODEV;
		goto out_unlock;
	}
	scsi_device_put(r->sdev);
	r->sdev = NULL;
	liox_xcopy_cands_drop(&r->cands, port, LIOX_PORT_IO_ERROR);
	atomic64_inc(&op->bind.port[port]->stats.failures);
	ret = liox_xcopy_remote_pick(op, i);
	if (ret)
		goto out_unlock;
	atomic64_inc(&op->bind.port[port]->stats.fallbacks);
	atomic64_inc(&op->bind.pg->stats.fallbacks);
	atomic64_inc(&liox_xcopy_stats.fallbacks);
	liox_xcopy_remote_tell(op, i, LIOX_EVENT_XCOPY_FALLBACK,
			       ": %s failed, continuing through %s",
			       liox_xcopy_pg_port_name(&op->bind, port),
			       liox_xcopy_pg_port_name(&op->bind,
						       r->cands.in_use));
out_unlock:
	mutex_unlock(&r->lock);
	return ret;
}

/**
 * liox_xcopy_remote_close() - let the remote devices and ports go
 * @op: the copy, with no I/O in flight
 */
void liox_xcopy_remote_close(struct liox_xcopy_op *op)
{
	int i;

	for (i = 0; i < LIOX_XCOPY_MAX_CSCD; i++) {
		struct liox_xcopy_remote *r = op->remote[i];

		if (!r)
			continue;
		if (r->sdev)
			scsi_device_put(r->sdev);
		mutex_destroy(&r->lock);
		kfree(r);
		op->remote[i] = NULL;
	}
	liox_xcopy_pg_unbind(&op->bind);
}
