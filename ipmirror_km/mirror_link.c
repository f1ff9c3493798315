// SPDX-License-Identifier: GPL-2.0
/*
 * The link: the n data connections of a mirror and their life.
 *
 * One thread per mirror waits until the peer's heartbeats say it is up,
 * then brings up all n connections: the node whose (address, port) is
 * lower connects, the other accepts (two mirrors in opposite directions
 * between the same nodes each have their own ports). Each connection
 * exchanges HELLO/HELLO_ACK (same mirror, sizes, block and region size,
 * connection count, a common protocol version) and, when either side
 * has a secret, the HMAC challenge-response. With all n ready, both
 * sides decide from the generation identifiers who resyncs whom (or
 * that this is split brain or unrelated data, which is refused and left
 * to the operator), exchange their dirty bitmaps on connection 0, start
 * the receivers and mirror; the source runs the resync. A failed
 * connection or a peer whose heartbeats stop tears everything down:
 * writes the peer did not acknowledge are recorded dirty first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "mirror_net.h"

/* the sort key of an address: family, address bytes, port */
static int liox_mirror_link_addr_cmp(const struct sockaddr_storage *a,
				     const struct sockaddr_storage *b)
{
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	int ret;

	if (a->ss_family != b->ss_family)
		return a->ss_family < b->ss_family ? -1 : 1;
	if (a->ss_family == AF_INET6) {
		ret = memcmp(&a6->sin6_addr, &b6->sin6_addr, 16);
		return ret ?: memcmp(&a6->sin6_port, &b6->sin6_port, 2);
	}
	ret = memcmp(&a4->sin_addr, &b4->sin_addr, 4);
	return ret ?: memcmp(&a4->sin_port, &b4->sin_port, 2);
}

/**
 * liox_mirror_link_hello() - this node's HELLO for connection @index
 * @net: the network half
 * @h: filled
 * @index: the connection's slot
 */
void liox_mirror_link_hello(struct liox_mirror_net *net,
			    struct liox_mirror_hello *h, unsigned int index)
{
	struct liox_mirror *m = net->m;

	memset(h, 0, sizeof(*h));
	h->ver_min = LIOX_MIRROR_PROTO_MIN;
	h->ver_max = LIOX_MIRROR_PROTO_MAX;
	h->role = net->hello_role == LIOX_MIRROR_PRIMARY ?
		  LIOX_MIRROR_ROLE_PRIMARY : LIOX_MIRROR_ROLE_SECONDARY;
	h->flags = net->hmac ? LIOX_MIRROR_HELLO_F_AUTH : 0;
	if (!m->cfg.data_crc)
		h->flags |= LIOX_MIRROR_HELLO_F_NO_DATA_CRC;
	h->conn_index = index;
	h->conn_count = net->n_conns;
	h->node_id = net->node_id;
	h->block_size = bdev_logical_block_size(m->backing);
	h->region_size = m->bm.region_size;
	h->dev_sectors = m->data_sectors;
	liox_mirror_meta_gens(m, &h->gens);
	strscpy(h->name, m->name, sizeof(h->name));
}

/* Does the peer's HELLO fit ours? NULL, or why not. */
static const char *liox_mirror_link_check(struct liox_mirror_net *net,
					  const struct liox_mirror_hello *me,
					  const struct liox_mirror_hello *peer,
					  u32 *reason)
{
	*reason = LIOX_MIRROR_CLOSE_INCOMPATIBLE;
	if (strcmp(liox_mirror_peer_name(net->m), peer->name))
		return "another mirror";
	if (liox_mirror_wire_negotiate(me, peer) < 0)
		return "no common protocol version";
	if (me->dev_sectors != peer->dev_sectors)
		return "device sizes differ";
	if (me->block_size != peer->block_size)
		return "block sizes differ";
	if (me->region_size != peer->region_size)
		return "region sizes differ";
	*reason = LIOX_MIRROR_CLOSE_CONFIG;
	if (me->conn_count != peer->conn_count)
		return "connection counts differ";
	if (peer->conn_index >= me->conn_count)
		return "connection index out of range";
	if (me->node_id == peer->node_id)
		return "same node id";
	return NULL;
}

static void liox_mirror_link_close_msg(struct liox_mirror_conn *c, u32 reason)
{
	struct liox_mirror_msg msg = {
		.hdr.type = LIOX_MIRROR_MSG_CLOSE,
		.u.close_reason = reason,
	};

	liox_mirror_send_msg(c, &msg);
}

/**
 * liox_mirror_link_close_errno() - what a CLOSE from the peer means here
 * @reason: its LIOX_MIRROR_CLOSE_*
 *
 * Return: -EACCES (authentication), -EBADE (a configuration or roles that
 * do not match: liox_mirror_link_check() or the decision on its side),
 * -EUCLEAN (split brain or unrelated data, decided on its side), or
 * -ECONNREFUSED. The link thread shows the first three as refused or
 * split-brain, as on the side that decided.
 */
int liox_mirror_link_close_errno(u8 reason)
{
	switch (reason) {
	case LIOX_MIRROR_CLOSE_AUTH:
		return -EACCES;
	case LIOX_MIRROR_CLOSE_INCOMPATIBLE:
	case LIOX_MIRROR_CLOSE_CONFIG:
		return -EBADE;
	case LIOX_MIRROR_CLOSE_SPLIT_BRAIN:
	case LIOX_MIRROR_CLOSE_UNRELATED:
		return -EUCLEAN;
	default:
		return -ECONNREFUSED;
	}
}

/*
 * Receive one handshake message of @type into @msg. A CLOSE from the peer
 * gives liox_mirror_link_close_errno().
 */
static int liox_mirror_link_expect(struct liox_mirror_conn *c, u8 *buf,
				   u32 size, enum liox_mirror_conn_state state,
				   u8 type, struct liox_mirror_msg *msg)
{
	struct liox_mirror_hdr hdr;
	int ret;

	ret = liox_mirror_recv_hdr(c, buf, &hdr, state);
	if (ret)
		return ret;
	ret = liox_mirror_recv_body(c, &hdr, buf, size, msg);
	if (ret)
		return ret;
	if (msg->hdr.type == LIOX_MIRROR_MSG_CLOSE) {
		pr_info("%s: connection %u: peer closed (reason %u)\n",
			c->net->m->name, c->index, msg->u.close_reason);
		return liox_mirror_link_close_errno(msg->u.close_reason);
	}
	if (msg->hdr.type != type) {
		liox_mirror_malformed(c, msg->hdr.type, -EPROTO,
				      LIOX_MIRROR_WIRE_OK);
		return -EPROTO;
	}
	return 0;
}

/* The challenge-response, after the HELLOs (both sides run the same). */
static int liox_mirror_link_auth(struct liox_mirror_conn *c, u8 *buf,
				 u32 size, const struct liox_mirror_hello *peer)
{
	struct liox_mirror_net *net = c->net;
	u8 resp[LIOX_MIRROR_AUTH_LEN], want[LIOX_MIRROR_AUTH_LEN];
	struct liox_mirror_msg msg = { .hdr.type = LIOX_MIRROR_MSG_AUTH_CHALLENGE };
	struct liox_mirror_msg in;
	int ret;

	if (!net->hmac) {
		liox_mirror_link_close_msg(c, LIOX_MIRROR_CLOSE_AUTH);
		return -EACCES;
	}
	get_random_bytes(c->challenge, sizeof(c->challenge));
	msg.payload = c->challenge;
	ret = liox_mirror_send_msg(c, &msg) ?:
	      liox_mirror_link_expect(c, buf, size, LIOX_MIRROR_CONN_AUTH,
				      LIOX_MIRROR_MSG_AUTH_CHALLENGE, &in);
	if (ret)
		return ret;
	ret = liox_mirror_auth_response(net, in.payload, net->node_id,
					net->m->name, resp);
	if (ret)
		return ret;
	msg = (struct liox_mirror_msg) {
		.hdr.type = LIOX_MIRROR_MSG_AUTH_RESPONSE,
		.hdr.ack = in.hdr.seq,
		.payload = resp,
	};
	ret = liox_mirror_send_msg(c, &msg) ?:
	      liox_mirror_link_expect(c, buf, size, LIOX_MIRROR_CONN_AUTH,
				      LIOX_MIRROR_MSG_AUTH_RESPONSE, &in) ?:
	      liox_mirror_auth_response(net, c->challenge, peer->node_id,
					liox_mirror_peer_name(net->m), want);
	if (ret)
		return ret;
	if (!liox_mirror_auth_equal(in.payload, want)) {
		atomic64_inc(&net->stats.auth_failures);
		liox_warn_ratelimited("%s: connection %u: peer failed authentication\n",
				      net->m->name, c->index);
		liox_mirror_link_close_msg(c, LIOX_MIRROR_CLOSE_AUTH);
		return -EACCES;
	}
	msg = (struct liox_mirror_msg) {
		.hdr.type = LIOX_MIRROR_MSG_AUTH_OK,
		.hdr.ack = in.hdr.seq,
	};
	return liox_mirror_send_msg(c, &msg) ?:
	       liox_mirror_link_expect(c, buf, size, LIOX_MIRROR_CONN_AUTH,
				       LIOX_MIRROR_MSG_AUTH_OK, &in);
}

/*
 * A connection the other side has closed: on the accepting side, one of a
 * past attempt's, left in the listen backlog (this side gave up first,
 * the peer's connect had reached the backlog), whose FIN came since.
 * Taken for the current attempt's, it would hold that slot while the
 * peer's real connection waits in the backlog until the peer times out
 * and gives up that one too, the next attempt the same: a livelock.
 */
static bool liox_mirror_link_stale(struct socket *sock)
{
	return inet_sk_state_load(sock->sk) != TCP_ESTABLISHED;
}

/*
 * The handshake on a new connection for slot @index. The connecting side
 * sends HELLO for it; the accepting side (@accept) expects it: the
 * connecting side connects its slots in order, each once the one before
 * is through its handshake, so another slot, or a connection already
 * closed, is a past attempt's. It is dropped before anything is sent on
 * it or taken from its HELLO.
 * Return: @index, -ESTALE (such a connection), -EACCES (authentication
 * failed), -EBADE (the configurations do not match, on either side), or
 * another negative errno.
 */
static int liox_mirror_link_handshake(struct liox_mirror_net *net,
				      struct liox_mirror_conn *c, int index,
				      bool accept)
{
	struct liox_mirror_msg out = { .hdr.type = LIOX_MIRROR_MSG_HELLO };
	u8 buf[LIOX_MIRROR_WIRE_HDR_LEN + LIOX_MIRROR_HELLO_LEN];
	struct liox_mirror_msg in;
	const char *why;
	u32 reason;
	int ret;

	/*
	 * Neither waits longer for a silent peer until the link is up
	 * (sends: through the bitmap exchange, liox_mirror_link_up())
	 */
	c->sock->sk->sk_rcvtimeo = LIOX_MIRROR_HANDSHAKE_TIMEOUT;
	c->sock->sk->sk_sndtimeo = LIOX_MIRROR_HANDSHAKE_TIMEOUT;
	if (!accept) {
		liox_mirror_link_hello(net, &out.u.hello, index);
		ret = liox_mirror_send_msg(c, &out) ?:
		      liox_mirror_link_expect(c, buf, sizeof(buf),
					      LIOX_MIRROR_CONN_HELLO,
					      LIOX_MIRROR_MSG_HELLO_ACK, &in);
		if (!ret && in.hdr.ack != out.hdr.seq)
			ret = -EPROTO;
	} else {
		ret = liox_mirror_link_expect(c, buf, sizeof(buf),
					      LIOX_MIRROR_CONN_HELLO,
					      LIOX_MIRROR_MSG_HELLO, &in);
		if (!ret && (in.u.hello.conn_index != index ||
			     liox_mirror_link_stale(c->sock)))
			ret = -ESTALE;
		if (!ret) {
			liox_mirror_link_hello(net, &out.u.hello, index);
			out.hdr.type = LIOX_MIRROR_MSG_HELLO_ACK;
			out.hdr.ack = in.hdr.seq;
		}
	}
	if (ret == -ESTALE)
		goto stale;
	if (ret)
		return ret;
	why = liox_mirror_link_check(net, &out.u.hello, &in.u.hello, &reason);
	if (why) {
		liox_warn_ratelimited("%s: connection refused: %s\n",
				      net->m->name, why);
		liox_mirror_link_close_msg(c, reason);
		return -EBADE;
	}
	if (out.hdr.type == LIOX_MIRROR_MSG_HELLO_ACK) {
		ret = liox_mirror_send_msg(c, &out);
		if (ret)
			return ret;
	}
	if ((out.u.hello.flags | in.u.hello.flags) & LIOX_MIRROR_HELLO_F_AUTH) {
		ret = liox_mirror_link_auth(c, buf, sizeof(buf), &in.u.hello);
		if (ret)
			return ret;
	}
	/*
	 * Closed during the handshake or the challenge: the connector gave
	 * this attempt up. Only the acceptor asks, and only before the last
	 * connection: once that one is through, the connector decides and
	 * may close the link on purpose (split brain, refused) before this
	 * side has; it must decide too, and a dead link fails at the bitmap
	 * exchange.
	 */
	if (accept && index + 1 < net->n_conns &&
	    liox_mirror_link_stale(c->sock))
		goto stale;
	net->peer_hello = in.u.hello;
	/* data CRCs unless both sides do without */
	net->data_crc = !(out.u.hello.flags & in.u.hello.flags &
			  LIOX_MIRROR_HELLO_F_NO_DATA_CRC);
	c->sock->sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	return index;

stale:
	liox_info_ratelimited("%s: connection %u of an attempt the peer gave up: dropped\n",
			      net->m->name, in.u.hello.conn_index);
	return -ESTALE;
}

/* @c's socket from now on (NULL: none), under sock_lock. */
static void liox_mirror_link_conn_set(struct liox_mirror_conn *c,
				      struct socket *sock)
{
	struct liox_mirror_net *net = c->net;
	struct socket *old;

	mutex_lock(&net->sock_lock);
	old = c->sock;
	WRITE_ONCE(c->sock, sock);
	mutex_unlock(&net->sock_lock);
	if (old)
		sock_release(old);
}

static void liox_mirror_link_conn_close(struct liox_mirror_conn *c)
{
	liox_mirror_link_conn_set(c, NULL);
	c->status = LIOX_CONN_IDLE;
}

/*
 * Shut every data connection down: whoever waits on one (a sender on a
 * full socket, a receiver, the link thread itself in a resync or in the
 * bitmap exchange) fails now. The link thread's teardown releases them.
 */
static void liox_mirror_link_shut(struct liox_mirror_net *net)
{
	struct socket *sock;
	unsigned int i;

	mutex_lock(&net->sock_lock);
	for (i = 0; i < net->n_conns; i++) {
		sock = net->conn[i].sock;
		if (sock)
			kernel_sock_shutdown(sock, SHUT_RDWR);
	}
	mutex_unlock(&net->sock_lock);
}

/**
 * liox_mirror_link_shut_work() - a failure shuts the connections down
 * @work: the network half's shut_work
 *
 * Queued by liox_mirror_link_failed(), from any context: the link thread
 * may be the one waiting on a socket, so it cannot be the one to shut it.
 */
void liox_mirror_link_shut_work(struct work_struct *work)
{
	liox_mirror_link_shut(container_of(work, struct liox_mirror_net,
					   shut_work));
}

/* Connect all n connections (the lower address connects). */
static int liox_mirror_link_connect(struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c;
	unsigned int i;
	int ret;

	struct socket *sock;

	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		ret = liox_mirror_sock_connect(&net->local, &net->peer, &sock);
		if (ret)
			return ret;
		liox_mirror_link_conn_set(c, sock);
		c->status = LIOX_CONN_HANDSHAKE;
		ret = liox_mirror_link_handshake(net, c, i, false);
		if (ret < 0)
			return ret;
		c->status = LIOX_CONN_READY;
		c->last_rx = jiffies;
	}
	return 0;
}

/*
 * Does @sock come from the peer's address (any port)? Anybody may reach
 * the data port: nothing from anyone else is read, let alone acted on (a
 * CLOSE would refuse the link, a HELLO could start a resync to it).
 */
static bool liox_mirror_link_from_peer(struct liox_mirror_net *net,
				       struct socket *sock,
				       struct sockaddr_storage *from)
{
	const struct sockaddr_in6 *f6 = (const void *)from;
	const struct sockaddr_in6 *p6 = (const void *)&net->peer;
	const struct sockaddr_in *f4 = (const void *)from;
	const struct sockaddr_in *p4 = (const void *)&net->peer;

	memset(from, 0, sizeof(*from));
	if (kernel_getpeername(sock, (struct sockaddr *)from) < 0 ||
	    from->ss_family != net->peer.ss_family)
		return false;
	if (from->ss_family == AF_INET6)
		return ipv6_addr_equal(&f6->sin6_addr, &p6->sin6_addr);
	return f4->sin_addr.s_addr == p4->sin_addr.s_addr;
}

/* Accept all n connections, in the order of their slots. */
static int liox_mirror_link_accept(struct liox_mirror_net *net)
{
	unsigned long deadline = jiffies + LIOX_MIRROR_HANDSHAKE_TIMEOUT;
	struct liox_mirror_conn tmp = { .net = net };
	struct sockaddr_storage from;
	unsigned int ready = 0;
	struct socket *sock;
	int ret, slot;

	mutex_init(&tmp.tx_lock);
	while (ready < net->n_conns) {
		if (kthread_should_stop() || !liox_mirror_hbnet_up(net))
			return -ENOTCONN;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		ret = liox_mirror_sock_accept(net->listen, &sock);
		if (ret == -EAGAIN) {
			wait_event_interruptible_timeout(net->link_wq,
							 kthread_should_stop(),
							 HZ / 20);
			continue;
		}
		if (ret)
			return ret;
		if (!liox_mirror_link_from_peer(net, sock, &from)) {
			liox_warn_ratelimited("%s: a connection from %pISc dropped: not the peer's address\n",
					      net->m->name, &from);
			sock_release(sock);
			continue;
		}
		tmp.sock = sock;
		tmp.index = ready;
		slot = liox_mirror_link_handshake(net, &tmp, ready, true);
		if (slot < 0) {
			sock_release(sock);
			if (slot == -EACCES || slot == -EBADE ||
			    slot == -EUCLEAN || slot == -ECONNREFUSED)
				return slot;
			continue;
		}
		liox_mirror_link_conn_set(&net->conn[slot], sock);
		net->conn[slot].status = LIOX_CONN_READY;
		net->conn[slot].last_rx = jiffies;
		ready++;
	}
	return 0;
}

/* The link just failed on @c: everyone waiting for it gives up. */
static void liox_mirror_link_failed(struct liox_mirror_conn *c)
{
	struct liox_mirror_net *net = c->net;

	c->status = LIOX_CONN_FAILED;
	/* the teardown follows; nobody waits on a socket for it */
	queue_work(liox_mirror_wq, &net->shut_work);
	wake_up(&net->link_wq);
	wake_up_all(&net->rs_wq);
	wake_up_all(&net->reqs_wq);
}

/**
 * liox_mirror_link_fail() - a connection failed: tear the link down
 * @c: the connection
 * @why: what failed, for the log
 * @err: its errno
 *
 * Any context that may sleep. The link thread does the teardown.
 */
void liox_mirror_link_fail(struct liox_mirror_conn *c, const char *why,
			   int err)
{
	struct liox_mirror_net *net = c->net;

	if (atomic_xchg(&net->failed, 1))
		return;
	liox_warn_ratelimited("%s: connection %u: %s failed (%d)\n",
			      net->m->name, c->index, why, err);
	liox_mirror_link_failed(c);
}

/**
 * liox_mirror_link_timeout() - the watchdog: the peer makes no progress
 * @c: the connection that stayed silent (or connection 0: replies)
 * @type: 0: the peer answered nothing for @ms; else the type of a
 *	request it has not answered for @ms although it answers others
 * @ms: for how long
 *
 * As liox_mirror_link_fail(), and the link thread then shows
 * peer-timeout for one probation interval before it connects again;
 * unless the link had already failed otherwise. Any context.
 */
void liox_mirror_link_timeout(struct liox_mirror_conn *c, u8 type,
			      unsigned int ms)
{
	struct liox_mirror_net *net = c->net;

	if (atomic_xchg(&net->failed, 1))
		return;
	/* the link thread reads it after its teardown, which this wakes */
	atomic_or(LIOX_MIRROR_PEER_FAILED_TIMEOUT, &net->peer_failed);
	if (type)
		liox_warn_ratelimited("%s: the peer has not answered a %s for %u ms (request_timeout_ms): the link goes down, what it lacks stays dirty\n",
				      net->m->name,
				      liox_mirror_msg_type_name(type), ms);
	else
		liox_warn_ratelimited("%s: connection %u: the peer answered nothing for %u ms: the link goes down, what it lacks stays dirty\n",
				      net->m->name, c->index, ms);
	liox_mirror_link_failed(c);
}

/**
 * liox_mirror_link_peer_failed() - the peer's disk failed a request
 * @net: the network half
 * @type: the request's message type (WRITE, RESYNC_DATA or FLUSH)
 *
 * The link goes down: its drain records dirty, on disk, every write the
 * peer has not acknowledged, this one included, before completing it.
 * The link thread then waits one probation interval and connects again;
 * the resync that follows sends the range again. A failed flush has no
 * range: the peer may have lost any write it acknowledged since its last
 * good flush, which mirror_unflushed.c keeps (or, before it knows them
 * all, every region). Any
 * context that may sleep; a receiver calls it and goes on without waiting
 * for anything.
 */
void liox_mirror_link_peer_failed(struct liox_mirror_net *net, u8 type)
{
	atomic64_inc(&net->stats.peer_errors);
	atomic_or(type == LIOX_MIRROR_MSG_FLUSH ? LIOX_MIRROR_PEER_FAILED_FLUSH :
						 LIOX_MIRROR_PEER_FAILED,
		  &net->peer_failed);
	liox_warn_ratelimited("%s: the peer's disk failed a %s: the link goes down, the range stays dirty\n",
			      net->m->name, liox_mirror_msg_type_name(type));
	liox_mirror_link_fail(&net->conn[0], "the peer's disk", -EIO);
}

/**
 * liox_mirror_link_read_lock() - take link_rwsem for reading once no link
 *	is being set up
 * @net: the network half
 *
 * For whoever records a change the peer must learn of (a write not sent,
 * a region verify found different): under the lock, either the link
 * mirrors or its bitmap has not gone out yet (liox_mirror_meta_join()).
 * Sleeps; release with up_read().
 */
void liox_mirror_link_read_lock(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;

	down_read(&net->link_rwsem);
	while (READ_ONCE(m->md_joining)) {
		up_read(&net->link_rwsem);
		wait_event(m->md_wq, !READ_ONCE(m->md_joining));
		down_read(&net->link_rwsem);
	}
}

/**
 * liox_mirror_link_mark_unlock() - record a range dirty the peer must
 *	learn of, let go of link_rwsem, and wait until it is on disk
 * @net: the network half; the caller holds link_rwsem for reading, taken
 *	with liox_mirror_link_read_lock()
 * @sector: first sector
 * @sectors: how many
 *
 * Marked under the lock, so before a link set up next sends its bitmap;
 * waited for after: the metadata worker may need the lock (a teardown
 * waiting for it holds new readers back).
 *
 * Return: 0 or -EIO.
 */
int liox_mirror_link_mark_unlock(struct liox_mirror_net *net, u64 sector,
				 u64 sectors)
{
	u64 seq = liox_mirror_meta_mark_range_begin(net->m, sector, sectors);

	up_read(&net->link_rwsem);
	return liox_mirror_meta_mark_range_end(net->m, seq);
}

/*
 * The handshake is done: from here until the link is up (or down), the
 * role stays the one the HELLOs announced. A role changed since they went
 * out, or a promotion under way, fails this attempt (-EAGAIN); the next
 * announces the new one.
 */
static int liox_mirror_link_join(struct liox_mirror_net *net)
{
	int ret = 0;

	down_write(&net->link_rwsem);
	if (READ_ONCE(net->m->cfg.role) != net->hello_role || net->promoting)
		ret = -EAGAIN;
	else
		liox_mirror_meta_join(net->m, true);
	up_write(&net->link_rwsem);
	if (ret)
		pr_info("%s: the role changes: connecting again\n",
			net->m->name);
	return ret;
}

/*
 * Wait for the operator in @state (split-brain or refused), unless the
 * peer was enabled again since this attempt began: its heartbeat's check
 * of the state (liox_mirror_hbnet_check()) may have come first, and the
 * next attempt is due now. Under state_lock, as that check.
 */
static void liox_mirror_link_refuse(struct liox_mirror_net *net,
				    enum liox_mirror_status state)
{
	struct liox_mirror *m = net->m;

	mutex_lock(&m->state_lock);
	if (READ_ONCE(net->peer_node_id) == net->attempt_peer_id)
		__liox_mirror_set_state(m, state);
	mutex_unlock(&m->state_lock);
}

/* Decide the resync, or refuse. Return: 0 or -ECONNREFUSED. */
static int liox_mirror_link_decide(struct liox_mirror_net *net)
{
	const struct liox_mirror_hello *peer = &net->peer_hello;
	struct liox_mirror *m = net->m;
	struct liox_mirror_resync_plan plan;
	struct liox_mirror_gens mine;
	bool primary = net->hello_role == LIOX_MIRROR_PRIMARY;

	liox_mirror_meta_gens(m, &mine);
	plan = liox_mirror_gen_decide(&mine, &peer->gens);
	net->sync_source = false;
	net->sync_target = false;
	switch (plan.dir) {
	case LIOX_MIRROR_RESYNC_SPLIT_BRAIN:
	case LIOX_MIRROR_RESYNC_UNRELATED:
		pr_warn("%s: %s (generations %016llx/%016llx, peer %016llx/%016llx): not resyncing; resolve it (lioxctl mirror resolve)\n",
			m->name, liox_mirror_resync_name(plan.dir),
			mine.current_gen, mine.bitmap_gen,
			peer->gens.current_gen, peer->gens.bitmap_gen);
		liox_mirror_link_close_msg(&net->conn[0],
					   plan.dir == LIOX_MIRROR_RESYNC_SPLIT_BRAIN ?
					   LIOX_MIRROR_CLOSE_SPLIT_BRAIN :
					   LIOX_MIRROR_CLOSE_UNRELATED);
		liox_mirror_link_refuse(net, LIOX_MIRROR_SPLIT_BRAIN);
		return -ECONNREFUSED;
	default:
		break;
	}
	if (primary && peer->role == LIOX_MIRROR_ROLE_PRIMARY) {
		pr_warn("%s: both nodes are primary: refusing to connect\n",
			m->name);
		liox_mirror_link_close_msg(&net->conn[0], LIOX_MIRROR_CLOSE_CONFIG);
		liox_mirror_link_refuse(net, LIOX_MIRROR_REFUSED);
		return -ECONNREFUSED;
	}
	if (plan.dir == LIOX_MIRROR_RESYNC_FROM_PEER && primary) {
		pr_warn("%s: the secondary has newer data than this primary: refusing to connect\n",
			m->name);
		liox_mirror_link_close_msg(&net->conn[0], LIOX_MIRROR_CLOSE_CONFIG);
		liox_mirror_link_refuse(net, LIOX_MIRROR_REFUSED);
		return -ECONNREFUSED;
	}
	net->sync_source = plan.dir == LIOX_MIRROR_RESYNC_TO_PEER;
	net->sync_target = plan.dir == LIOX_MIRROR_RESYNC_FROM_PEER;
	if (plan.full && (net->sync_source || net->sync_target))
		liox_mirror_meta_set_all(m);
	pr_info("%s: connected (%u connections): %s%s (rule %u)%s\n", m->name,
		net->n_conns, liox_mirror_resync_name(plan.dir),
		plan.full ? ", full" : "", plan.rule,
		net->data_crc ? "" : ", no data CRC");
	return 0;
}

/*
 * Create the receivers, not running yet: before the join, while writes
 * go on, since kthreadd's allocation may have to write back to this very
 * device, whose writes wait during the join. The teardown stops them.
 */
static int liox_mirror_link_create_rx(struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c;
	unsigned int i;

	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		c->rx = kthread_create(liox_mirror_repl_rx, c, "liox_rx%u/%s",
				       i, net->m->name);
		if (IS_ERR(c->rx)) {
			int ret = PTR_ERR(c->rx);

			c->rx = NULL;
			return ret;
		}
	}
	return 0;
}

/* Start the receivers; writes go to the peer from now on. */
static int liox_mirror_link_up(struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c;
	unsigned int i;
	int ret;

	/*
	 * The watchdog counts from here, not from the handshake nor from the
	 * last link's replies (jiffies start below zero: a reply time never
	 * set would look newer than any request for the first 5 minutes).
	 */
	WRITE_ONCE(net->last_reply, jiffies);
	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		WRITE_ONCE(c->last_rx, jiffies);
		WRITE_ONCE(c->rx_busy, false);
		WRITE_ONCE(c->ping, false);
		atomic64_set(&c->pong, 0);
		/* from here the watchdog bounds what a send waits for */
		c->sock->sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
		wake_up_process(c->rx);
	}
	ret = liox_mirror_meta_link_up(net->m);
	if (ret)
		return ret;
	down_write(&net->link_rwsem);
	/*
	 * A promotion we agreed to is over: the peer's HELLO had its role
	 * (a peer still promoting holds its link back until it is done).
	 * Before mirroring: a PROMOTE answered from now on stands.
	 */
	liox_mirror_promote_peer_done(net);
	WRITE_ONCE(net->mirroring, true);
	liox_mirror_meta_join(net->m, false);
	up_write(&net->link_rwsem);
	atomic64_inc(&net->stats.connects);
	return 0;
}

/* Close everything; record what the peer may lack. */
static void liox_mirror_link_down(struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c;
	unsigned int i;
	bool recorded;

	liox_mirror_link_shut(net);
	/* blocked senders fail now and let go of the link */
	down_write(&net->link_rwsem);
	WRITE_ONCE(net->mirroring, false);
	liox_mirror_meta_join(net->m, false);
	up_write(&net->link_rwsem);
	liox_mirror_promote_link_down(net);
	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		liox_mirror_repl_tx_flush(c);
		if (c->rx)
			kthread_stop(c->rx);
		c->rx = NULL;
		liox_mirror_pwrite_wait_all(c);
	}
	/* a shut queued by this link's failure is done before the close */
	flush_work(&net->shut_work);
	for (i = 0; i < net->n_conns; i++)
		liox_mirror_link_conn_close(&net->conn[i]);
	/*
	 * What the peer may hold only in its cache (all it may have lost if
	 * it failed a flush), then unacknowledged writes: dirty, on disk,
	 * before the drain completes them and the flushes on their way.
	 */
	recorded = liox_mirror_unflushed_record(net);
	recorded &= liox_mirror_repl_drain(net);
	liox_mirror_meta_link_down(net->m, recorded);
	net->sync_source = false;
	net->sync_target = false;
	/* unacknowledged resync data: its regions stay dirty, unlocked */
	liox_mirror_resync_reset(net);
	atomic_set(&net->failed, 0);
	wake_up_all(&net->rs_wq);
}

static bool liox_mirror_link_should_wait(struct liox_mirror_net *net)
{
	return !kthread_should_stop() && !atomic_read(&net->failed) &&
	       liox_mirror_hbnet_up(net);
}

/* Split brain and refusals wait for the operator (or a stop). */
static bool liox_mirror_link_resolved(struct liox_mirror_net *net)
{
	return kthread_should_stop() ||
	       !liox_mirror_state_refused(READ_ONCE(net->m->state));
}

/*
 * The peer's disk failed, or the peer answered nothing for ack_timeout_ms
 * (@failed: LIOX_MIRROR_PEER_FAILED_*): its regions are dirty here (after
 * a flush, the ones it had not flushed). Or this node's disk failed a
 * read of the resync (LIOX_MIRROR_LOCAL_FAILED): the region stays dirty.
 * Wait one probation interval (or a stop) before the next connection
 * retries them, so that a disk that keeps failing costs one attempt per
 * interval.
 */
static void liox_mirror_link_backoff(struct liox_mirror_net *net, int failed)
{
	struct liox_mirror *m = net->m;
	enum liox_mirror_status state = LIOX_MIRROR_PEER_IO_ERROR;

	if (kthread_should_stop())
		return;
	if (failed & LIOX_MIRROR_LOCAL_FAILED)
		state = LIOX_MIRROR_IO_ERROR;
	else if (failed & LIOX_MIRROR_PEER_FAILED_TIMEOUT)
		state = LIOX_MIRROR_PEER_TIMEOUT;
	liox_mirror_set_state(m, state);
	wait_event_interruptible_timeout(net->link_wq, kthread_should_stop(),
					 msecs_to_jiffies(READ_ONCE(m->cfg.probation_ms)));
}

static int liox_mirror_link_thread(void *data)
{
	struct liox_mirror_net *net = data;
	struct liox_mirror *m = net->m;
	unsigned int noio;
	int failed, ret;

	/*
	 * No allocation of this thread writes back to the device: its
	 * writes may be waiting for this thread to finish a join
	 */
	noio = memalloc_noio_save();

	while (!kthread_should_stop()) {
		wait_event_interruptible(net->link_wq, kthread_should_stop() ||
					 liox_mirror_hbnet_up(net));
		if (kthread_should_stop())
			break;
		/* split brain and refusals wait for the operator */
		if (liox_mirror_state_refused(READ_ONCE(m->state))) {
			wait_event_interruptible_timeout(net->link_wq,
							 liox_mirror_link_resolved(net),
							 HZ);
			continue;
		}
		liox_mirror_set_state(m, LIOX_MIRROR_CONNECTING);
		/*
		 * A failure noted for the last link after its teardown (the
		 * watchdog's tick raced it) is not this attempt's
		 */
		flush_work(&net->shut_work);
		atomic_set(&net->failed, 0);
		atomic_set(&net->peer_failed, 0);
		net->attempt_peer_id = READ_ONCE(net->peer_node_id);
		net->hello_role = READ_ONCE(m->cfg.role);
		ret = net->active ? liox_mirror_link_connect(net) :
				    liox_mirror_link_accept(net);
		if (!ret)
			ret = liox_mirror_link_create_rx(net);
		if (!ret)
			ret = liox_mirror_link_join(net);
		if (!ret)
			ret = liox_mirror_link_decide(net);
		if (!ret)
			ret = liox_mirror_resync_bitmaps(net);
		if (!ret)
			ret = liox_mirror_link_up(net);
		if (ret) {
			/*
			 * Authentication or a configuration that does not
			 * match: the operator fixes it and enables either
			 * side again (liox_mirror_hbnet_check() sees the
			 * peer's new node id).
			 */
			if (ret == -EACCES || ret == -EBADE)
				liox_mirror_link_refuse(net, LIOX_MIRROR_REFUSED);
			else if (ret == -EUCLEAN)
				liox_mirror_link_refuse(net, LIOX_MIRROR_SPLIT_BRAIN);
			liox_mirror_link_down(net);
			/* with heartbeats the peer is not down: try again */
			if (m->state == LIOX_MIRROR_CONNECTING) {
				if (!liox_mirror_hbnet_up(net))
					liox_mirror_set_state(m, LIOX_MIRROR_PEER_DOWN);
				else
					liox_info_ratelimited("%s: connecting failed (%d) while the peer's heartbeats come: trying again\n",
							      m->name, ret);
			}
			schedule_timeout_interruptible(LIOX_MIRROR_RETRY_DELAY);
			continue;
		}
		if (net->sync_source || net->sync_target)
			liox_mirror_set_state(m, LIOX_MIRROR_RESYNCING);
		else
			liox_mirror_set_state(m, LIOX_MIRROR_IN_SYNC);
		if (net->sync_source && !liox_mirror_resync_run(net))
			liox_mirror_set_state(m, LIOX_MIRROR_IN_SYNC);
		wait_event_interruptible(net->link_wq,
					 !liox_mirror_link_should_wait(net));
		liox_mirror_link_down(net);
		failed = atomic_xchg(&net->peer_failed, 0);
		if (failed)
			liox_mirror_link_backoff(net, failed);
		if (!kthread_should_stop())
			liox_mirror_set_state(m, liox_mirror_hbnet_up(net) ?
						 LIOX_MIRROR_CONNECTING :
						 LIOX_MIRROR_PEER_DOWN);
	}
	memalloc_noio_restore(noio);
	return 0;
}

/**
 * liox_mirror_net_role_changed() - tell the peer this node's new role
 * @m: the mirror (configfs changed its role while enabled)
 *
 * A STATE message on connection 0 while the link is up; otherwise the
 * next HELLO carries it.
 */
void liox_mirror_net_role_changed(struct liox_mirror *m)
{
	struct liox_mirror_net *net = m->net;
	struct liox_mirror_msg msg = { .hdr.type = LIOX_MIRROR_MSG_STATE };
	struct liox_mirror_gens gens;

	if (!net)
		return;
	liox_mirror_meta_gens(m, &gens);
	msg.u.state.role = m->cfg.role == LIOX_MIRROR_PRIMARY ?
			   LIOX_MIRROR_ROLE_PRIMARY : LIOX_MIRROR_ROLE_SECONDARY;
	msg.u.state.disk = net->sync_target ? LIOX_MIRROR_DISK_INCONSISTENT :
					      LIOX_MIRROR_DISK_UP_TO_DATE;
	msg.u.state.current_gen = gens.current_gen;
	down_read(&net->link_rwsem);
	if (READ_ONCE(net->mirroring) &&
	    liox_mirror_send_msg(&net->conn[0], &msg))
		liox_mirror_link_fail(&net->conn[0], "state", -EIO);
	up_read(&net->link_rwsem);
}

/**
 * liox_mirror_link_start() - listen (or not) and start the link thread
 * @net: the network half, heartbeats running
 *
 * Return: 0 or a negative errno (-EINVAL when the local and peer
 * addresses are the same).
 */
int liox_mirror_link_start(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	int cmp, ret;

	cmp = liox_mirror_link_addr_cmp(&net->local, &net->peer);
	if (!cmp)
		return -EINVAL;
	net->active = cmp < 0;
	if (!net->active) {
		ret = liox_mirror_sock_listen(&net->local, SOCK_STREAM,
					      &net->listen);
		if (ret)
			return ret;
	}
	net->link_thread = kthread_run(liox_mirror_link_thread, net,
				       "liox_link/%s", m->name);
	if (IS_ERR(net->link_thread)) {
		ret = PTR_ERR(net->link_thread);
		net->link_thread = NULL;
		if (net->listen)
			sock_release(net->listen);
		net->listen = NULL;
		return ret;
	}
	return 0;
}

/**
 * liox_mirror_link_stop() - stop the link thread, close everything
 * @net: the network half
 *
 * Writes in flight to the peer are recorded dirty and completed.
 */
void liox_mirror_link_stop(struct liox_mirror_net *net)
{
	if (!net->link_thread)
		return;
	if (net->listen)
		kernel_sock_shutdown(net->listen, SHUT_RDWR);
	atomic_set(&net->failed, 1);
	/* the link thread may wait on a data socket (resync, bitmaps) */
	liox_mirror_link_shut(net);
	kthread_stop(net->link_thread);
	net->link_thread = NULL;
	liox_mirror_link_down(net);
	if (net->listen)
		sock_release(net->listen);
	net->listen = NULL;
}
