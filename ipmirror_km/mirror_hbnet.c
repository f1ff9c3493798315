// SPDX-License-Identifier: GPL-2.0
/*
 * UDP heartbeats: one thread per mirror sends a HEARTBEAT to the peer
 * every interval from the mirror's local address and port, receives the
 * peer's, and runs the DOWN/PROBATION/UP state machine (mirror_hb.c) on
 * the monotonic clock. A heartbeat from another address, for another
 * mirror, malformed or with a wrong MAC (when a secret is set) is dropped
 * and counted. Only heartbeats sent after the last one that counted, or
 * of a new node that echo one of ours sent lately, count
 * (liox_mirror_hb_take()): recorded heartbeats played back keep no dead
 * peer alive. Each transition is logged once and wakes the link thread,
 * which connects on UP and tears down on DOWN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "mirror_net.h"

#define LIOX_MIRROR_HB_MSG_LEN	(LIOX_MIRROR_WIRE_HDR_LEN + \
				 LIOX_MIRROR_HEARTBEAT_LEN)

static u64 liox_mirror_hbnet_now(void)
{
	return ktime_to_ms(ktime_get());
}

/**
 * liox_mirror_hbnet_state() - the peer's heartbeat state
 * @net: the network half
 */
enum liox_mirror_hb_state liox_mirror_hbnet_state(struct liox_mirror_net *net)
{
	enum liox_mirror_hb_state state;

	spin_lock_bh(&net->hb_lock);
	state = net->hb.state;
	spin_unlock_bh(&net->hb_lock);
	return state;
}

/**
 * liox_mirror_hbnet_silent() - has the peer been unheard of for
 *	hb_dead_ms (liox_mirror_hb_silent())?
 * @net: the network half
 */
bool liox_mirror_hbnet_silent(struct liox_mirror_net *net)
{
	bool silent;

	spin_lock_bh(&net->hb_lock);
	silent = liox_mirror_hb_silent(&net->hb, liox_mirror_hbnet_now());
	spin_unlock_bh(&net->hb_lock);
	return silent;
}

/**
 * liox_mirror_hbnet_up() - is the peer alive (heartbeats for the
 *	probation time, none missed since)?
 * @net: the network half
 */
bool liox_mirror_hbnet_up(struct liox_mirror_net *net)
{
	return liox_mirror_hbnet_state(net) == LIOX_MIRROR_HB_UP;
}

/* Encode our heartbeat (with its MAC) into @buf. */
static int liox_mirror_hbnet_encode(struct liox_mirror_net *net, u8 *buf)
{
	struct liox_mirror *m = net->m;
	struct liox_mirror_msg msg = {
		.hdr.type = LIOX_MIRROR_MSG_HEARTBEAT,
		.hdr.seq = atomic64_inc_return(&net->seq),
	};
	struct liox_mirror_heartbeat *hb = &msg.u.hb;
	int len;

	hb->node_id = net->node_id;
	hb->role = m->cfg.role == LIOX_MIRROR_PRIMARY ?
		   LIOX_MIRROR_ROLE_PRIMARY : LIOX_MIRROR_ROLE_SECONDARY;
	hb->hb_state = liox_mirror_hbnet_state(net);
	hb->interval_ms = READ_ONCE(m->cfg.hb_interval_ms);
	hb->echo_id = net->hb_seen.echo.id;
	hb->echo_ms = net->hb_seen.echo.sent_ms;
	hb->sent_ms = liox_mirror_hbnet_now();
	strscpy(hb->name, m->name, sizeof(hb->name));
	len = liox_mirror_wire_encode(&msg, buf, LIOX_MIRROR_HB_MSG_LEN);
	if (len < 0 || !net->hmac)
		return len;
	/* the MAC covers the message with a zero MAC field */
	if (liox_mirror_auth_hb_mac(net, buf, len, hb->mac))
		return -EIO;
	return liox_mirror_wire_encode(&msg, buf, LIOX_MIRROR_HB_MSG_LEN);
}

static void liox_mirror_hbnet_send(struct liox_mirror_net *net)
{
	struct sockaddr_storage peer = net->peer;
	u8 buf[LIOX_MIRROR_HB_MSG_LEN];
	struct msghdr msg = {
		.msg_name = &peer,
		.msg_namelen = peer.ss_family == AF_INET6 ?
			       sizeof(struct sockaddr_in6) :
			       sizeof(struct sockaddr_in),
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL,
	};
	struct kvec iov = { .iov_base = buf };
	int len;

	len = liox_mirror_hbnet_encode(net, buf);
	if (len < 0)
		return;
	iov.iov_len = len;
	/* a lost heartbeat is what heartbeats are for: no retry */
	kernel_sendmsg(net->udp, &msg, &iov, 1, len);
}

static bool liox_mirror_hbnet_from_peer(struct liox_mirror_net *net,
					const struct sockaddr_storage *from)
{
	const struct sockaddr_storage *p = &net->peer;

	if (from->ss_family != p->ss_family)
		return false;
	if (p->ss_family == AF_INET6)
		return ipv6_addr_equal(&((struct sockaddr_in6 *)from)->sin6_addr,
				       &((struct sockaddr_in6 *)p)->sin6_addr);
	return ((struct sockaddr_in *)from)->sin_addr.s_addr ==
	       ((struct sockaddr_in *)p)->sin_addr.s_addr;
}

/*
 * A heartbeat of the peer's (its MAC checked): does it count
 * (liox_mirror_hb_take())? One that does not is logged when it looks
 * played back: this node's own, the peer's before it was enabled again,
 * of the node that counted last and not sent after its last one, or
 * echoing an old heartbeat of ours. One of a node this node has not
 * heard of yet that echoes none of ours is the first of a peer just
 * enabled: not logged.
 */
static bool liox_mirror_hbnet_take(struct liox_mirror_net *net,
				   const struct liox_mirror_heartbeat *hb)
{
	struct liox_mirror_hb_seen *seen = &net->hb_seen;
	const struct liox_mirror_hb_beat b = {
		.id = hb->node_id,
		.sent_ms = hb->sent_ms,
		.echo_id = hb->echo_id,
		.echo_ms = hb->echo_ms,
	};
	struct liox_mirror_hb_cfg cfg;

	spin_lock_bh(&net->hb_lock);
	cfg = net->hb.cfg;
	spin_unlock_bh(&net->hb_lock);
	if (liox_mirror_hb_take(seen, &cfg, liox_mirror_hbnet_now(),
				net->node_id, &b))
		return true;
	if (b.id == net->node_id || b.id == seen->gone)
		liox_warn_ratelimited("%s: heartbeat ignored: played back (node %08x: %s)\n",
				      net->m->name, b.id,
				      b.id == net->node_id ? "this node" :
				      "the peer before it was enabled again");
	else if (b.id == seen->live.id)
		liox_warn_ratelimited("%s: heartbeat ignored: played back or out of order (sent at %llu ms, the peer's last at %llu ms)\n",
				      net->m->name, b.sent_ms, seen->live.sent_ms);
	else if (b.echo_id == net->node_id)
		liox_warn_ratelimited("%s: heartbeat ignored: from node %08x, it echoes none of this node's of the last %u ms\n",
				      net->m->name, b.id,
				      cfg.dead_ms + cfg.interval_ms);
	return false;
}

/* Check a datagram; true when it is a heartbeat of our peer's mirror. */
static bool liox_mirror_hbnet_check(struct liox_mirror_net *net, u8 *buf,
				    int len, const struct sockaddr_storage *from)
{
	enum liox_mirror_wire_reason why = LIOX_MIRROR_WIRE_OK;
	u8 mac[LIOX_MIRROR_AUTH_LEN], want[LIOX_MIRROR_AUTH_LEN];
	struct liox_mirror_msg msg;
	const char *bad = NULL;

	if (!liox_mirror_hbnet_from_peer(net, from))
		bad = "not from the peer's address";
	else if (liox_mirror_wire_decode(buf, len, 0, &msg, &why))
		bad = liox_mirror_wire_reason_name(why);
	else if (msg.hdr.type != LIOX_MIRROR_MSG_HEARTBEAT)
		bad = "not a heartbeat";
	else if (strcmp(msg.u.hb.name, liox_mirror_peer_name(net->m)))
		bad = "another mirror";
	if (!bad && net->hmac) {
		memcpy(mac, msg.u.hb.mac, sizeof(mac));
		memset(msg.u.hb.mac, 0, sizeof(msg.u.hb.mac));
		if (liox_mirror_wire_encode(&msg, buf, LIOX_MIRROR_HB_MSG_LEN) < 0 ||
		    liox_mirror_auth_hb_mac(net, buf, LIOX_MIRROR_HB_MSG_LEN,
					    want) ||
		    !liox_mirror_auth_equal(mac, want)) {
			atomic64_inc(&net->stats.auth_failures);
			bad = "wrong MAC";
		}
	}
	if (bad) {
		atomic64_inc(&net->stats.malformed);
		liox_warn_ratelimited("%s: heartbeat dropped: %s\n",
				      net->m->name, bad);
		return false;
	}
	if (!liox_mirror_hbnet_take(net, &msg.u.hb))
		return false;
	net->peer_hb_state = msg.u.hb.hb_state;
	if (msg.u.hb.node_id != net->peer_node_id) {
		/*
		 * The peer was enabled again (a new node id): a split brain or
		 * a refusal may be resolved on its side now, so try again.
		 * The id is noted before the state is read under state_lock:
		 * a refusal being decided meanwhile sees it
		 * (liox_mirror_link_refuse()).
		 */
		WRITE_ONCE(net->peer_node_id, msg.u.hb.node_id);
		mutex_lock(&net->m->state_lock);
		if (liox_mirror_state_refused(net->m->state))
			__liox_mirror_set_state(net->m, LIOX_MIRROR_CONNECTING);
		mutex_unlock(&net->m->state_lock);
		wake_up(&net->link_wq);
	}
	return true;
}

/*
 * Show what the heartbeats say, unless a refusal or split brain waits for
 * the operator: it outlives a gap in them (else this side would connect
 * again after one while the other still waits, and show connecting for
 * ever). The peer enabled again clears it (liox_mirror_hbnet_check()).
 */
static void liox_mirror_hbnet_show(struct liox_mirror_net *net,
				   enum liox_mirror_status state)
{
	struct liox_mirror *m = net->m;

	mutex_lock(&m->state_lock);
	if (!liox_mirror_state_refused(m->state))
		__liox_mirror_set_state(m, state);
	mutex_unlock(&m->state_lock);
}

/* Log and announce the state machine's transitions; wake the link. */
static void liox_mirror_hbnet_events(struct liox_mirror_net *net)
{
	struct liox_mirror_hb_event ev;
	bool any = false;

	for (;;) {
		spin_lock_bh(&net->hb_lock);
		if (!liox_mirror_hb_event(&net->hb, &ev)) {
			spin_unlock_bh(&net->hb_lock);
			break;
		}
		spin_unlock_bh(&net->hb_lock);
		any = true;
		if (ev.to == LIOX_MIRROR_HB_DOWN && ev.from != LIOX_MIRROR_HB_DISABLED)
			atomic64_inc(&net->stats.peer_deaths);
		pr_info("%s: peer heartbeat %s -> %s\n", net->m->name,
			liox_mirror_hb_state_name(ev.from),
			liox_mirror_hb_state_name(ev.to));
		/*
		 * Down: the link goes down too, even if the link thread is
		 * busy (a resync waiting on a full socket)
		 */
		if (ev.to == LIOX_MIRROR_HB_DOWN && READ_ONCE(net->mirroring))
			liox_mirror_link_fail(&net->conn[0], "the peer's heartbeat",
					      -ETIMEDOUT);
		if (ev.to == LIOX_MIRROR_HB_DOWN)
			liox_mirror_hbnet_show(net, LIOX_MIRROR_PEER_DOWN);
		else if (ev.to == LIOX_MIRROR_HB_PROBATION)
			liox_mirror_hbnet_show(net, LIOX_MIRROR_PROBATION);
	}
	if (any)
		wake_up(&net->link_wq);
}

/* The timers may change while enabled: take valid new ones. */
static void liox_mirror_hbnet_refresh(struct liox_mirror_net *net)
{
	const struct liox_mirror_config *c = &net->m->cfg;
	struct liox_mirror_hb_cfg cfg = {
		.interval_ms = READ_ONCE(c->hb_interval_ms),
		.dead_ms = READ_ONCE(c->hb_dead_ms),
		.probation_ms = READ_ONCE(c->probation_ms),
		.fast_first = true,
	};

	spin_lock_bh(&net->hb_lock);
	if (memcmp(&cfg, &net->hb.cfg, sizeof(cfg)) &&
	    !liox_mirror_hb_cfg_check(&cfg))
		net->hb.cfg = cfg;
	spin_unlock_bh(&net->hb_lock);
}

static int liox_mirror_hbnet_thread(void *data)
{
	struct liox_mirror_net *net = data;
	struct liox_mirror *m = net->m;
	u8 buf[LIOX_MIRROR_HB_MSG_LEN + 1];
	struct sockaddr_storage from;
	u64 now, next_send, deadline;
	struct kvec iov;
	struct msghdr msg;
	int len;

	next_send = liox_mirror_hbnet_now();
	while (!kthread_should_stop()) {
		now = liox_mirror_hbnet_now();
		if ((s64)(now - next_send) >= 0) {
			liox_mirror_hbnet_send(net);
			next_send = now + READ_ONCE(m->cfg.hb_interval_ms);
		}
		liox_mirror_hbnet_refresh(net);
		spin_lock_bh(&net->hb_lock);
		deadline = liox_mirror_hb_tick(&net->hb, now);
		spin_unlock_bh(&net->hb_lock);
		liox_mirror_hbnet_events(net);
		liox_mirror_watch_tick(net);
		liox_mirror_unflushed_tick(net);

		if ((s64)(next_send - deadline) < 0)
			deadline = next_send;
		now = liox_mirror_hbnet_now();
		net->udp->sk->sk_rcvtimeo = (s64)(deadline - now) > 0 ?
			msecs_to_jiffies(deadline - now) : 1;
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		iov.iov_base = buf;
		iov.iov_len = sizeof(buf);
		len = kernel_recvmsg(net->udp, &msg, &iov, 1, sizeof(buf), 0);
		if (len <= 0)
			continue;	/* timeout, or shut down to stop */
		if (!liox_mirror_hbnet_check(net, buf, len, &from))
			continue;
		spin_lock_bh(&net->hb_lock);
		liox_mirror_hb_rx(&net->hb, liox_mirror_hbnet_now());
		spin_unlock_bh(&net->hb_lock);
		liox_mirror_hbnet_events(net);
	}
	return 0;
}

/**
 * liox_mirror_hbnet_start() - bind the heartbeat socket, start the thread
 * @net: the network half
 *
 * Return: 0 or a negative errno (-EADDRINUSE: another mirror or program
 * has the local UDP port).
 */
int liox_mirror_hbnet_start(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	struct liox_mirror_hb_cfg cfg = {
		.interval_ms = m->cfg.hb_interval_ms,
		.dead_ms = m->cfg.hb_dead_ms,
		.probation_ms = m->cfg.probation_ms,
		.fast_first = true,
	};
	int ret;

	spin_lock_init(&net->hb_lock);
	liox_mirror_hb_init(&net->hb, &cfg);
	liox_mirror_hb_enable(&net->hb, liox_mirror_hbnet_now());
	ret = liox_mirror_sock_listen(&net->local, SOCK_DGRAM,
				      &net->udp);
	if (ret)
		return ret;
	net->hb_thread = kthread_run(liox_mirror_hbnet_thread, net,
				     "liox_hb/%s", m->name);
	if (IS_ERR(net->hb_thread)) {
		ret = PTR_ERR(net->hb_thread);
		net->hb_thread = NULL;
		sock_release(net->udp);
		net->udp = NULL;
		return ret;
	}
	return 0;
}

/**
 * liox_mirror_hbnet_stop() - stop the thread, close the socket
 * @net: the network half
 */
void liox_mirror_hbnet_stop(struct liox_mirror_net *net)
{
	if (!net->hb_thread)
		return;
	kernel_sock_shutdown(net->udp, SHUT_RDWR);
	kthread_stop(net->hb_thread);
	net->hb_thread = NULL;
	sock_release(net->udp);
	net->udp = NULL;
	spin_lock_bh(&net->hb_lock);
	liox_mirror_hb_disable(&net->hb, liox_mirror_hbnet_now());
	spin_unlock_bh(&net->hb_lock);
}
