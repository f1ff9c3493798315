// SPDX-License-Identifier: GPL-2.0
/*
 * Online verify: while the link is up, the primary asks the peer for the
 * SHA-256 of each region, sums its own copy, and compares. A region that
 * differs is counted and recorded dirty, so the next resync sends it; the
 * link is then cycled so that resync happens at once. Progress and the
 * count are in configfs (verify_done, verify_total, verify_diffs) and in
 * status.
 *
 * Both sides sum the same writes: the region is locked as the resync
 * locks one (writes to it wait, those in flight complete first), and the
 * VERIFY_REQ goes on the connection of the region's MiB, behind every
 * write sent to the region; the peer sums it once the writes received
 * before it on that connection are on its disk. (With a peer a region is
 * at most 1 MiB, so it lies in one MiB.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include "mirror_net.h"

/* Read [@sector, +@len) of the backing device and sum it. */
static int liox_mirror_verify_sum(struct liox_mirror_net *net, u64 sector,
				  u32 len, u8 *digest)
{
	SHASH_DESC_ON_STACK(desc, net->sha);
	struct bvec_iter_all iter;
	struct bio_vec *bv;
	struct bio *bio;
	void *p;
	int ret;

	bio = liox_mirror_pages_bio(net, REQ_OP_READ, sector, len);
	if (!bio)
		return -ENOMEM;
	ret = submit_bio_wait(bio);
	desc->tfm = net->sha;
	if (!ret)
		ret = crypto_shash_init(desc);
	bio_for_each_segment_all(bv, bio, iter) {
		if (ret)
			break;
		p = kmap_local_page(bv->bv_page);
		ret = crypto_shash_update(desc, p + bv->bv_offset, bv->bv_len);
		kunmap_local(p);
	}
	if (!ret)
		ret = crypto_shash_final(desc, digest);
	shash_desc_zero(desc);
	liox_mirror_pages_bio_put(net, bio);
	return ret;
}

/**
 * liox_mirror_verify_reply() - answer a VERIFY_REQ with the range's sum
 * @c: the connection it came on
 * @hdr: its header
 *
 * Return: 0 or the send's errno.
 */
int liox_mirror_verify_reply(struct liox_mirror_conn *c,
			     const struct liox_mirror_hdr *hdr)
{
	u8 digest[LIOX_MIRROR_DIGEST_LEN] = { 0 };
	struct liox_mirror_msg msg = {
		.hdr.type = LIOX_MIRROR_MSG_VERIFY_REPLY,
		.hdr.ack = hdr->seq,
		.hdr.sector = hdr->sector,
		.hdr.data_len = hdr->data_len,
		.payload = digest,
	};

	/* the writes received before it on this connection first */
	liox_mirror_pwrite_wait_range(c, hdr->sector, hdr->data_len);
	if (liox_mirror_verify_sum(c->net, hdr->sector, hdr->data_len, digest))
		msg.hdr.flags |= LIOX_MIRROR_F_ERROR;
	return liox_mirror_send_msg(c, &msg);
}

/* Compare region @r with the peer's. 1: differs, 0: same, or -errno. */
static int liox_mirror_verify_region(struct liox_mirror_net *net, u64 r)
{
	struct liox_mirror *m = net->m;
	u8 mine[LIOX_MIRROR_DIGEST_LEN];
	DECLARE_COMPLETION_ONSTACK(done);
	struct liox_mirror_msg msg = { .hdr.type = LIOX_MIRROR_MSG_VERIFY_REQ };
	struct liox_mirror_conn *c;
	struct liox_mirror_req *req;
	u64 sector, sectors;
	int ret;

	liox_mirror_bitmap_region(&m->bm, r, &sector, &sectors);
	c = &net->conn[(sector >> LIOX_MIRROR_STRIPE_SHIFT) % net->n_conns];
	/* not under link_rwsem: the writes it waits for may need it */
	ret = liox_mirror_resync_verify_lock(net, r);
	if (ret)
		goto out_unlock;
	down_read(&net->link_rwsem);
	req = READ_ONCE(net->mirroring) ?
	      liox_mirror_req_add(net, LIOX_MIRROR_MSG_VERIFY_REQ, sector,
				  sectors) : NULL;
	if (!req) {
		up_read(&net->link_rwsem);
		ret = -ENOTCONN;
		goto out_unlock;
	}
	req->done = &done;
	msg.hdr.seq = req->seq;
	msg.hdr.sector = sector;
	msg.hdr.data_len = sectors << SECTOR_SHIFT;
	liox_mirror_req_sending(req);
	ret = liox_mirror_send_msg(c, &msg);
	up_read(&net->link_rwsem);
	if (ret)
		liox_mirror_link_fail(c, "verify", ret);
	/* the reply or the teardown completes it */
	ret = liox_mirror_verify_sum(net, sector, sectors << SECTOR_SHIFT, mine);
	wait_for_completion(&done);
	if (!ret)
		ret = req->status;
	if (!ret)
		ret = memcmp(mine, req->digest, sizeof(mine)) ? 1 : 0;
	kfree(req);
out_unlock:
	liox_mirror_resync_verify_unlock(net);
	return ret;
}

static void liox_mirror_verify_work(struct work_struct *work)
{
	struct liox_mirror_net *net = container_of(work, struct liox_mirror_net,
						   verify_work);
	struct liox_mirror *m = net->m;
	u64 r, diffs = 0, sector, sectors;
	int ret = 0;

	pr_info("%s: online verify of %llu regions\n", m->name,
		net->verify_total);
	for (r = 0; r < m->bm.nr_regions; r++) {
		ret = liox_mirror_verify_region(net, r);
		if (ret < 0)
			break;
		if (ret) {
			diffs++;
			atomic64_inc(&net->verify_diffs);
			/*
			 * the last region may be shorter than the others;
			 * marked before a link set up meanwhile sends its
			 * bitmap (or with the link up)
			 */
			liox_mirror_bitmap_region(&m->bm, r, &sector, &sectors);
			liox_mirror_link_read_lock(net);
			ret = liox_mirror_link_mark_unlock(net, sector,
							   sectors);
			if (ret < 0)
				break;
		}
		atomic64_inc(&net->verify_done);
	}
	if (ret < 0)
		pr_warn("%s: online verify stopped at region %llu (%d)\n",
			m->name, r, ret);
	else
		pr_info("%s: online verify done: %llu of %llu regions differ\n",
			m->name, diffs, net->verify_total);
	liox_event_notify(&liox_mirror_cap, LIOX_EVENT_MIRROR_STATE, m->name,
			  ret < 0 ? "verify-stopped" : "verify-done",
			  GFP_KERNEL);
	WRITE_ONCE(net->verify_running, false);
	/* resend what differs now: cycle the link, the resync follows */
	if (diffs && ret >= 0)
		liox_mirror_link_fail(&net->conn[0], "verify found differences",
				      -EIO);
}

/**
 * liox_mirror_verify_start() - start an online verify
 * @m: the mirror, a primary with its link up
 *
 * Return: 0, -EBUSY when one runs, -ENOTCONN without the link, -EPERM
 * on a secondary.
 */
int liox_mirror_verify_start(struct liox_mirror *m)
{
	struct liox_mirror_net *net = m->net;

	if (m->cfg.role != LIOX_MIRROR_PRIMARY)
		return -EPERM;
	if (!net || !READ_ONCE(net->mirroring) || net->sync_source)
		return -ENOTCONN;
	if (xchg(&net->verify_running, true))
		return -EBUSY;
	atomic64_set(&net->verify_done, 0);
	atomic64_set(&net->verify_diffs, 0);
	net->verify_total = m->bm.nr_regions;
	queue_work(liox_mirror_wq, &net->verify_work);
	return 0;
}

/**
 * liox_mirror_verify_init() - what verify needs: SHA-256
 * @net: the network half
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_verify_init(struct liox_mirror_net *net)
{
	net->sha = crypto_alloc_shash("sha256", 0, 0);
	if (IS_ERR(net->sha)) {
		int ret = PTR_ERR(net->sha);

		net->sha = NULL;
		return ret;
	}
	INIT_WORK(&net->verify_work, liox_mirror_verify_work);
	return 0;
}

/**
 * liox_mirror_verify_exit() - wait for a running verify, free SHA-256
 * @net: the network half, link stopped (a verify in flight fails fast)
 */
void liox_mirror_verify_exit(struct liox_mirror_net *net)
{
	cancel_work_sync(&net->verify_work);
	if (net->sha)
		crypto_free_shash(net->sha);
	net->sha = NULL;
}
