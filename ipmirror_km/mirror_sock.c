// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets of the mirror: listening, connecting, whole-message sends and
 * receives. Every message is a 48-byte header and its payload
 * (mirror_wire.c encodes and decodes them); data payloads (WRITE,
 * RESYNC_DATA) go straight between pages and the socket, their CRC32C
 * computed on the way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include "mirror_crc.h"
#include "mirror_net.h"

static int liox_mirror_addr_len(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					  sizeof(struct sockaddr_in);
}

/**
 * liox_mirror_sock_listen() - a bound socket: TCP listening, or UDP
 * @addr: local address and port
 * @type: SOCK_STREAM or SOCK_DGRAM
 * @out: the socket
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_sock_listen(const struct sockaddr_storage *addr, int type,
			    struct socket **out)
{
	struct socket *sock;
	int ret;

	ret = sock_create_kern(&init_net, addr->ss_family, type,
			       type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP,
			       &sock);
	if (ret)
		return ret;
	sock_set_reuseaddr(sock->sk);
	ret = kernel_bind(sock, (struct sockaddr *)addr,
			  liox_mirror_addr_len(addr));
	if (!ret && type == SOCK_STREAM)
		ret = kernel_listen(sock, LIOX_MIRROR_CONNS_MAX * 2);
	if (ret) {
		sock_release(sock);
		return ret;
	}
	*out = sock;
	return 0;
}

/**
 * liox_mirror_sock_tune() - settings of a data connection
 * @sock: a connected TCP socket
 *
 * No Nagle delay (a WRITE_ACK must leave at once), keepalive as a last
 * resort behind the heartbeats, and blocking sends and receives that a
 * shutdown interrupts.
 */
void liox_mirror_sock_tune(struct socket *sock)
{
	tcp_sock_set_nodelay(sock->sk);
	sock_set_keepalive(sock->sk);
	sock->sk->sk_allocation = GFP_NOIO;
	sock->sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	sock->sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
}

/**
 * liox_mirror_sock_connect() - connect to the peer's data port
 * @local: local address (port 0: any)
 * @peer: the peer's address and port
 * @out: the connected socket
 *
 * Gives up after LIOX_MIRROR_CONNECT_TIMEOUT. Return: 0 or a negative
 * errno.
 */
int liox_mirror_sock_connect(const struct sockaddr_storage *local,
			     const struct sockaddr_storage *peer,
			     struct socket **out)
{
	struct sockaddr_storage src = *local;
	struct socket *sock;
	int ret;

	ret = sock_create_kern(&init_net, peer->ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &sock);
	if (ret)
		return ret;
	/* from the configured address, any port */
	if (src.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&src)->sin6_port = 0;
	else
		((struct sockaddr_in *)&src)->sin_port = 0;
	ret = kernel_bind(sock, (struct sockaddr *)&src,
			  liox_mirror_addr_len(&src));
	if (ret)
		goto err_release;
	sock->sk->sk_sndtimeo = LIOX_MIRROR_CONNECT_TIMEOUT;
	ret = kernel_connect(sock, (struct sockaddr *)peer,
			     liox_mirror_addr_len(peer), 0);
	if (ret)
		goto err_release;
	liox_mirror_sock_tune(sock);
	*out = sock;
	return 0;

err_release:
	sock_release(sock);
	return ret;
}

/**
 * liox_mirror_sock_accept() - take a connection waiting on @listen
 * @listen: the listening socket
 * @out: the new connection
 *
 * Does not wait. Return: 0, -EAGAIN when none waits, or a negative errno.
 */
int liox_mirror_sock_accept(struct socket *listen, struct socket **out)
{
	struct socket *sock;
	int ret;

	ret = kernel_accept(listen, &sock, O_NONBLOCK);
	if (ret)
		return ret;
	liox_mirror_sock_tune(sock);
	*out = sock;
	return 0;
}

/**
 * liox_mirror_sock_cork() - hold back partial segments, or send them now
 * @sock: a connected TCP socket
 * @on: cork (messages sent meanwhile leave together) or uncork (push)
 */
void liox_mirror_sock_cork(struct socket *sock, bool on)
{
	tcp_sock_set_cork(sock->sk, on);
}

/* Receive what @msg's iterator describes, @len bytes, all of them. */
static int liox_mirror_sock_recv_iter(struct socket *sock, struct msghdr *msg,
				      size_t len)
{
	int ret;

	if (!len)
		return 0;	/* TCP would wait for a byte */
	ret = sock_recvmsg(sock, msg, MSG_WAITALL);
	if (ret == len)
		return 0;
	if (ret >= 0)
		return ret ? -EPROTO : -ECONNRESET;
	return ret;
}

/**
 * liox_mirror_sock_recv() - receive exactly @len bytes
 * @sock: the connection
 * @buf: where they go
 * @len: how many
 *
 * Return: 0, -ECONNRESET when the peer closed, -EAGAIN on the socket's
 * receive timeout, or another negative errno.
 */
int liox_mirror_sock_recv(struct socket *sock, void *buf, size_t len)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, len);
	return liox_mirror_sock_recv_iter(sock, &msg, len);
}

/* the CRC32C of the part @it of a bio's data */
static u32 liox_mirror_data_crc(struct bio *bio, const struct bvec_iter *it)
{
	u32 state = LIOX_MIRROR_CRC_INIT;
	struct bvec_iter iter;
	struct bio_vec bv;
	void *p;

	__bio_for_each_segment(bv, bio, iter, *it) {
		p = bvec_kmap_local(&bv);
		state = liox_mirror_crc_update(state, p, bv.bv_len);
		kunmap_local(p);
	}
	return liox_mirror_crc_final(state);
}

/**
 * liox_mirror_sock_recv_bio() - receive a bio's worth of data
 * @sock: the connection
 * @bio: a write being built, its pages added: they receive the data
 * @crc: the CRC32C of the data, or NULL: not wanted
 *
 * One receive call for the whole payload, then one pass for its CRC.
 *
 * Return: 0 or what liox_mirror_sock_recv() returns.
 */
int liox_mirror_sock_recv_bio(struct socket *sock, struct bio *bio, u32 *crc)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	u32 len = bio->bi_iter.bi_size;
	int ret;

	iov_iter_bvec(&msg.msg_iter, ITER_DEST, bio->bi_io_vec, bio->bi_vcnt,
		      len);
	ret = liox_mirror_sock_recv_iter(sock, &msg, len);
	if (ret)
		return ret;
	if (crc)
		*crc = liox_mirror_data_crc(bio, &bio->bi_iter);
	return 0;
}

/* Send all of @msg's iterator. */
static int liox_mirror_sock_send(struct socket *sock, struct msghdr *msg)
{
	int ret;

	while (msg_data_left(msg)) {
		ret = sock_sendmsg(sock, msg);
		if (ret <= 0)
			return ret ? ret : -ECONNRESET;
	}
	return 0;
}

static int liox_mirror_sock_send_buf(struct socket *sock, const void *buf,
				     size_t len, bool more)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {
		.msg_flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, len);
	return liox_mirror_sock_send(sock, &msg);
}

/**
 * liox_mirror_send_msg() - encode and send a message without data pages
 * @c: the connection
 * @msg: the message; its seq is set here when 0
 *
 * Return: 0 or a negative errno (the caller fails the link).
 */
int liox_mirror_send_msg(struct liox_mirror_conn *c,
			 struct liox_mirror_msg *msg)
{
	struct socket *sock = READ_ONCE(c->sock);
	u8 stack[LIOX_MIRROR_WIRE_HDR_LEN + LIOX_MIRROR_HELLO_LEN];
	u32 size = sizeof(stack);
	u8 *buf = stack;
	int len, ret;

	if (!sock)
		return -ENOTCONN;
	if (!msg->hdr.seq)
		msg->hdr.seq = atomic64_inc_return(&c->net->seq);
	if (msg->hdr.type == LIOX_MIRROR_MSG_BITMAP) {
		size = LIOX_MIRROR_WIRE_HDR_LEN +
		       DIV_ROUND_UP(msg->hdr.data_len, 8);
		buf = kvmalloc(size, GFP_NOIO);
		if (!buf)
			return -ENOMEM;
	}
	len = liox_mirror_wire_encode(msg, buf, size);
	if (len < 0) {
		ret = len;
		goto out_free;
	}
	mutex_lock(&c->tx_lock);
	ret = liox_mirror_sock_send_buf(sock, buf, len, false);
	mutex_unlock(&c->tx_lock);
out_free:
	if (buf != stack)
		kvfree(buf);
	return ret;
}

/*
 * Send the part @it of @bio's data, copied into the socket in one call;
 * with @more, not pushed (another message follows at once).
 */
static int liox_mirror_sock_send_copy(struct socket *sock, struct bio *bio,
				      const struct bvec_iter *it, bool more)
{
	struct msghdr msg = {
		.msg_flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};
	struct bvec_iter iter;
	struct bio_vec bv;
	unsigned int nr = 0;

	__bio_for_each_bvec(bv, bio, iter, *it)
		nr++;
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE,
		      __bvec_iter_bvec(bio->bi_io_vec, *it), nr, it->bi_size);
	msg.msg_iter.iov_offset = it->bi_bvec_done;
	return liox_mirror_sock_send(sock, &msg);
}

/*
 * Send the part @it of @bio's data by reference: the socket takes page
 * references, no copy (a page that does not allow it is copied). Every
 * page but the last goes with MSG_MORE: the message leaves in full
 * segments, pushed after its last byte (unless @more).
 */
static int liox_mirror_sock_send_pages(struct socket *sock, struct bio *bio,
				       const struct bvec_iter *it, bool more)
{
	struct msghdr msg = { 0 };
	u32 left = it->bi_size, off, len;
	struct bvec_iter iter;
	struct bio_vec bv;
	int flags, ret;

	__bio_for_each_segment(bv, bio, iter, *it) {
		left -= bv.bv_len;
		flags = MSG_NOSIGNAL | (left || more ? MSG_MORE : 0);
		if (!sendpage_ok(bv.bv_page)) {
			msg.msg_flags = flags;
			iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bv, 1,
				      bv.bv_len);
			ret = liox_mirror_sock_send(sock, &msg);
			if (ret)
				return ret;
			continue;
		}
		for (off = bv.bv_offset, len = bv.bv_len; len;
		     off += ret, len -= ret) {
			ret = kernel_sendpage(sock, bv.bv_page, off, len, flags);
			if (ret <= 0)
				return ret ? ret : -ECONNRESET;
		}
	}
	return 0;
}

/**
 * liox_mirror_send_data() - send a message whose payload is data
 * @c: the connection
 * @hdr: WRITE or RESYNC_DATA header; data_len is the payload length
 * @bio: a write's clone, or a resync's read
 * @it: the part of @bio's data to send (@hdr's data_len bytes)
 * @flags: LIOX_MIRROR_SEND_ZERO_COPY: the pages stay unchanged until the
 *	peer acknowledges the message (a sync-mode write, whose bio only
 *	ends then; a resync's own pages): the socket may send them by
 *	reference instead of copying (an async write's pages may be reused
 *	once the local write is done: they are copied).
 *	LIOX_MIRROR_SEND_MORE: another message follows at once; the socket
 *	need not push this one (the last of a burst pushes them all).
 *
 * Sleeps while the socket's send buffer is full (the bounded queue of
 * both modes). The data is in the socket when this returns.
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_send_data(struct liox_mirror_conn *c,
			  struct liox_mirror_hdr *hdr, struct bio *bio,
			  const struct bvec_iter *it, unsigned int flags)
{
	bool more = flags & LIOX_MIRROR_SEND_MORE;
	struct socket *sock = READ_ONCE(c->sock);
	u8 buf[LIOX_MIRROR_WIRE_HDR_LEN];
	int ret;

	if (!sock)
		return -ENOTCONN;
	if (!hdr->version)
		hdr->version = LIOX_MIRROR_PROTO_MAX;
	hdr->payload_len = hdr->data_len;
	hdr->payload_crc = c->net->data_crc ? liox_mirror_data_crc(bio, it) : 0;
	liox_mirror_wire_encode_hdr(hdr, buf);

	/* the header waits for its data (MSG_MORE); the last byte pushes */
	mutex_lock(&c->tx_lock);
	ret = liox_mirror_sock_send_buf(sock, buf, sizeof(buf), true);
	if (!ret && (flags & LIOX_MIRROR_SEND_ZERO_COPY))
		ret = liox_mirror_sock_send_pages(sock, bio, it, more);
	else if (!ret)
		ret = liox_mirror_sock_send_copy(sock, bio, it, more);
	mutex_unlock(&c->tx_lock);
	if (!ret)
		atomic64_add(hdr->data_len, &c->net->stats.sent_bytes);
	return ret;
}

/**
 * liox_mirror_recv_hdr() - receive and check a message header
 * @c: the connection
 * @buf: LIOX_MIRROR_WIRE_HDR_LEN bytes
 * @hdr: the decoded header
 * @state: the connection's state: other types are protocol errors
 *
 * Return: 0, or a negative errno (-EPROTO, -EBADMSG, -EMSGSIZE, -ERANGE:
 * counted malformed and logged, the caller closes the connection).
 */
int liox_mirror_recv_hdr(struct liox_mirror_conn *c, u8 *buf,
			 struct liox_mirror_hdr *hdr,
			 enum liox_mirror_conn_state state)
{
	enum liox_mirror_wire_reason why = LIOX_MIRROR_WIRE_OK;
	int ret;

	ret = liox_mirror_sock_recv(c->sock, buf, LIOX_MIRROR_WIRE_HDR_LEN);
	if (ret)
		return ret;
	ret = liox_mirror_wire_decode_hdr(buf, LIOX_MIRROR_WIRE_HDR_LEN,
					  c->net->m->data_sectors, hdr, &why);
	if (!ret && !liox_mirror_wire_allowed(state, hdr->type))
		ret = -EPROTO;
	if (ret)
		liox_mirror_malformed(c, hdr->type, ret, why);
	else
		WRITE_ONCE(c->last_rx, jiffies);
	return ret;
}

/**
 * liox_mirror_recv_body() - receive and decode the payload of a message
 *	without data pages
 * @c: the connection
 * @hdr: its header, from liox_mirror_recv_hdr()
 * @buf: room for the payload
 * @size: its size
 * @msg: the decoded message (its payload points into @buf)
 *
 * Return: 0, or a negative errno (malformed ones counted and logged).
 */
int liox_mirror_recv_body(struct liox_mirror_conn *c,
			  const struct liox_mirror_hdr *hdr, u8 *buf, u32 size,
			  struct liox_mirror_msg *msg)
{
	enum liox_mirror_wire_reason why = LIOX_MIRROR_WIRE_OK;
	int ret;

	if (hdr->payload_len > size) {
		liox_mirror_malformed(c, hdr->type, -EMSGSIZE,
				      LIOX_MIRROR_WIRE_TOO_LONG);
		return -EMSGSIZE;
	}
	ret = liox_mirror_sock_recv(c->sock, buf, hdr->payload_len);
	if (ret)
		return ret;
	ret = liox_mirror_wire_decode_body(hdr, buf, hdr->payload_len, msg,
					   &why);
	if (ret)
		liox_mirror_malformed(c, hdr->type, ret, why);
	return ret;
}

/**
 * liox_mirror_malformed() - count and log a message that closes @c
 * @c: the connection it came on
 * @type: its type (as far as it was decoded)
 * @err: the decoder's errno
 * @why: the decoder's reason, LIOX_MIRROR_WIRE_OK for a type not allowed
 *	in the connection's state
 */
void liox_mirror_malformed(struct liox_mirror_conn *c, u8 type, int err,
			   enum liox_mirror_wire_reason why)
{
	atomic64_inc(&c->net->stats.malformed);
	liox_warn_ratelimited("%s: connection %u: malformed %s message (%s, %d): closing\n",
			      c->net->m->name, c->index,
			      liox_mirror_msg_type_name(type),
			      why == LIOX_MIRROR_WIRE_OK ? "not allowed now" :
			      liox_mirror_wire_reason_name(why), err);
}
