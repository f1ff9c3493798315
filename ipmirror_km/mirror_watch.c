// SPDX-License-Identifier: GPL-2.0
/*
 * The data connections' watchdog. Heartbeats say the peer's kernel is
 * alive; they do not say its data connections move. TCP dropped on the
 * way while UDP passes, or a peer whose disk hangs, would leave every
 * sync write waiting for an ack that never comes. While the link is up
 * the heartbeat thread calls liox_mirror_watch_tick() at each wake (at
 * least every hb_interval_ms):
 *
 *  - a connection that received nothing for hb_interval_ms gets a PING
 *    (the peer answers PING_ACK), so that a quiet healthy connection
 *    still hears from the peer;
 *  - a connection that received nothing for ack_timeout_ms, or a request
 *    the peer has not answered for ack_timeout_ms, fails the link. Its
 *    drain records dirty what the peer has not acknowledged and completes
 *    it; the link thread shows peer-timeout for one probation_ms, then
 *    connects again, and the resync sends those regions.
 *
 * ack_timeout_ms 0 turns both off (and the pings).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "mirror_net.h"

/* Send a PING; a connection whose link went down sends nothing. */
void liox_mirror_watch_ping_work(struct work_struct *work)
{
	struct liox_mirror_conn *c = container_of(work, struct liox_mirror_conn,
						  ping_work);
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_msg msg = { .hdr.type = LIOX_MIRROR_MSG_PING };
	int ret;

	down_read(&net->link_rwsem);
	if (READ_ONCE(net->mirroring) && !atomic_read(&net->failed)) {
		ret = liox_mirror_send_msg(c, &msg);
		if (ret)
			liox_mirror_link_fail(c, "ping", ret);
	}
	up_read(&net->link_rwsem);
}

/*
 * How long the oldest request still waiting for its reply has waited, in
 * jiffies (0: none waits). The lowest sequence number is the oldest; the
 * xarray lock keeps it from being freed while it is read (a reply takes
 * it out under that lock before freeing it).
 */
static unsigned long liox_mirror_watch_oldest(struct liox_mirror_net *net)
{
	struct liox_mirror_req *req;
	unsigned long seq = 0, age = 0;

	xa_lock(&net->reqs);
	req = xa_find(&net->reqs, &seq, ULONG_MAX, XA_PRESENT);
	if (req)
		age = jiffies - req->queued;
	xa_unlock(&net->reqs);
	return age;
}

/**
 * liox_mirror_watch_tick() - ping quiet connections, fail a stuck link
 * @net: the network half
 *
 * Called by the heartbeat thread, which must not wait: it skips a round
 * while the link is being set up or torn down.
 */
void liox_mirror_watch_tick(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(m->cfg.ack_timeout_ms));
	unsigned long quiet = msecs_to_jiffies(READ_ONCE(m->cfg.hb_interval_ms));
	struct liox_mirror_conn *c = NULL;
	unsigned long idle;
	unsigned int i;

	if (!timeout || !down_read_trylock(&net->link_rwsem))
		return;
	if (!READ_ONCE(net->mirroring) || atomic_read(&net->failed))
		goto out_unlock;
	for (i = 0; i < net->n_conns; i++) {
		idle = jiffies - READ_ONCE(net->conn[i].last_rx);
		if (idle > timeout) {
			c = &net->conn[i];
			break;
		}
		if (idle >= quiet)
			queue_work(liox_mirror_tx_wq, &net->conn[i].ping_work);
	}
	if (!c && liox_mirror_watch_oldest(net) > timeout)
		c = &net->conn[0];
	if (!c)
		goto out_unlock;
	atomic_or(LIOX_MIRROR_PEER_FAILED_TIMEOUT, &net->peer_failed);
	liox_warn_ratelimited("%s: the peer answered nothing for %u ms: the link goes down, what it lacks stays dirty\n",
			      m->name, jiffies_to_msecs(timeout));
	liox_mirror_link_fail(c, "waiting for the peer", -ETIMEDOUT);
out_unlock:
	up_read(&net->link_rwsem);
}
