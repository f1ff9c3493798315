// SPDX-License-Identifier: GPL-2.0
/*
 * The data connections' watchdog. Heartbeats say the peer's kernel is
 * alive; they do not say its data connections move. TCP dropped on the
 * way while UDP passes, or a peer whose disk hangs, would leave every
 * sync write waiting for an ack that never comes. While the link is up
 * the heartbeat thread calls liox_mirror_watch_tick() at each wake (at
 * least every hb_interval_ms); it takes no lock a sender may hold:
 *
 *  - a connection that received nothing for hb_interval_ms gets a PING
 *    (the peer answers PING_ACK), so that a quiet healthy connection
 *    still hears from the peer;
 *  - requests wait for replies and no reply at all came for
 *    ack_timeout_ms (counted from the oldest request, if younger): the
 *    peer makes no progress. A slow peer that answers something keeps
 *    the link, however long its queue;
 *  - a connection whose receiver waits for the next message has received
 *    nothing for ack_timeout_ms (a receiver busy with its own disk does
 *    not count): the other side, or the way to it, is gone.
 *
 * Either takes the link down: its drain records dirty what the peer has
 * not acknowledged and completes it; the link thread shows peer-timeout
 * for one probation_ms, then connects again, and the resync sends those
 * regions. ack_timeout_ms 0 turns that off (the pings go on); below
 * three heartbeat intervals it counts as three.
 *
 * The pings and the answers to the peer's pings are sent by a work item
 * of the connection, never by its receiver: a receiver that waited for a
 * sender blocked on a full socket would stop reading the acks that let
 * the peer go on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "mirror_net.h"

/* Send what was asked for: a PING_ACK to the peer's PING, a PING. */
void liox_mirror_watch_ping_work(struct work_struct *work)
{
	struct liox_mirror_conn *c = container_of(work, struct liox_mirror_conn,
						  ping_work);
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_msg pong = { .hdr.type = LIOX_MIRROR_MSG_PING_ACK };
	struct liox_mirror_msg ping = { .hdr.type = LIOX_MIRROR_MSG_PING };
	int ret = 0;

	down_read(&net->link_rwsem);
	if (READ_ONCE(net->mirroring) && !atomic_read(&net->failed)) {
		/* taken only now: one that came before mirroring waits */
		pong.hdr.ack = atomic64_xchg(&c->pong, 0);
		if (pong.hdr.ack)
			ret = liox_mirror_send_msg(c, &pong);
		if (!ret && xchg(&c->ping, false))
			ret = liox_mirror_send_msg(c, &ping);
		if (ret)
			liox_mirror_link_fail(c, "ping", ret);
	}
	up_read(&net->link_rwsem);
}

/**
 * liox_mirror_watch_pong() - the peer sent a PING on @c: answer it
 * @c: the connection (its receiver calls this)
 * @seq: the PING's sequence number
 */
void liox_mirror_watch_pong(struct liox_mirror_conn *c, u64 seq)
{
	atomic64_set(&c->pong, seq);
	queue_work(liox_mirror_tx_wq, &c->ping_work);
}

/*
 * How long the peer has made no progress while requests wait, in jiffies
 * (0: none waits): since its last reply, or since the oldest request
 * waiting was made if that is later. The lowest sequence number is the
 * oldest; the xarray lock keeps it from being freed while it is read (a
 * reply takes it out under that lock before freeing it).
 */
static unsigned long liox_mirror_watch_stalled(struct liox_mirror_net *net)
{
	unsigned long seq = 0, since = 0;
	struct liox_mirror_req *req;

	xa_lock(&net->reqs);
	req = xa_find(&net->reqs, &seq, ULONG_MAX, XA_PRESENT);
	if (req)
		since = req->queued;
	xa_unlock(&net->reqs);
	if (!req)
		return 0;
	if (time_after(READ_ONCE(net->last_reply), since))
		since = READ_ONCE(net->last_reply);
	return jiffies - since;
}

/**
 * liox_mirror_watch_tick() - ping quiet connections, fail a stuck link
 * @net: the network half
 *
 * Called by the heartbeat thread. Nothing here waits: a ping is queued
 * (its work sends nothing once the link is down), and a failure only
 * marks the link for the link thread.
 */
void liox_mirror_watch_tick(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	u32 interval = READ_ONCE(m->cfg.hb_interval_ms);
	u32 ms = READ_ONCE(m->cfg.ack_timeout_ms);
	unsigned long timeout = msecs_to_jiffies(max(ms, 3 * interval));
	unsigned long quiet = msecs_to_jiffies(interval);
	struct liox_mirror_conn *c, *dead = NULL;
	unsigned long idle;
	unsigned int i;
	bool busy;

	if (!READ_ONCE(net->mirroring) || atomic_read(&net->failed))
		return;
	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		busy = READ_ONCE(c->rx_busy);
		/* busy first: a wait seen begun has its last_rx (repl_rx wmb) */
		smp_rmb();
		idle = jiffies - READ_ONCE(c->last_rx);
		if (idle >= quiet) {
			WRITE_ONCE(c->ping, true);
			queue_work(liox_mirror_tx_wq, &c->ping_work);
		}
		if (ms && idle > timeout && !busy && !dead)
			dead = c;
	}
	if (ms && !dead && liox_mirror_watch_stalled(net) > timeout)
		dead = &net->conn[0];
	if (dead)
		liox_mirror_link_timeout(dead, jiffies_to_msecs(timeout));
}
