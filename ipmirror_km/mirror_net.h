/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The network half of a mirror: n TCP data connections, UDP heartbeats,
 * replication of writes and resync (Documentation/ipmirror.rst). Private
 * to the mirror_link/hbnet/repl/resync/sock/auth files.
 *
 * Threads of an enabled mirror with a peer:
 *  - the heartbeat thread (mirror_hbnet.c) sends and receives UDP
 *    heartbeats and runs the DOWN/PROBATION/UP state machine;
 *  - the link thread (mirror_link.c) connects (or accepts) the n data
 *    connections once the peer is UP, runs the handshake, the decision
 *    and the resync, and tears everything down when the peer goes down
 *    or a connection fails;
 *  - one receiver per connection (mirror_repl.c) reads messages and acts
 *    on them;
 *  - one sender per connection (a work item on liox_mirror_tx_wq) sends
 *    the writes and flushes queued on it, in order; other messages are
 *    sent by whoever has them, under the connection's tx_lock.
 */
#ifndef _LIOX_MIRROR_NET_H
#define _LIOX_MIRROR_NET_H

#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/rwsem.h>
#include <linux/xarray.h>
#include <crypto/hash.h>
#include "mirror_hb.h"
#include "mirror_internal.h"
#include "mirror_wire.h"

#define LIOX_MIRROR_CONNECT_TIMEOUT	(5 * HZ)
#define LIOX_MIRROR_HANDSHAKE_TIMEOUT	(10 * HZ)
#define LIOX_MIRROR_RETRY_DELAY		(1 * HZ)
#define LIOX_MIRROR_SETTLE_TIMEOUT	(10 * HZ)	/* demote: acks to wait */
#define LIOX_MIRROR_RESYNC_WINDOW	32	/* regions in flight */
#define LIOX_MIRROR_RS_READAHEAD	8	/* of them read, not yet sent */
#define LIOX_MIRROR_RS_BUCKETS		64	/* write counts, by region */
#define LIOX_MIRROR_MAX_REQS		4096	/* writes awaiting their ack */
/* writes are cut at, and spread over the connections by, 1 MiB stripes */
#define LIOX_MIRROR_STRIPE_SHIFT	(20 - SECTOR_SHIFT)
#define LIOX_MIRROR_BITMAP_CHUNK	(64 * 1024 * 8)	/* regions per BITMAP */
#define LIOX_MIRROR_POOL_PAGES		2048	/* 8 MiB kept, as DRBD's max-buffers */

enum liox_mirror_conn_status {
	LIOX_CONN_IDLE,
	LIOX_CONN_HANDSHAKE,
	LIOX_CONN_READY,
	LIOX_CONN_FAILED,
};

/* Pages kept for reuse, and bios over them (mirror_pool.c). */
struct liox_mirror_pool {
	spinlock_t lock;		/* protects @pages and @nr */
	struct list_head pages;		/* by page->lru */
	unsigned int nr;
	struct bio_set bios;
};

/*
 * A write received from the peer, being written to the backing device;
 * or a FLUSH, run once the ones received before it are done.
 */
struct liox_mirror_pwrite {
	struct list_head node;		/* in conn->pwrites, then ->pw_done */
	struct liox_mirror_conn *conn;
	u64 seq;
	u64 sector;
	u32 len;
	u8 type;			/* WRITE, RESYNC_DATA or FLUSH */
	bool submitted;			/* FLUSH: its bio went (or goes) out */
	struct bio *bio;		/* liox_mirror_pages_bio() */
};

/* One TCP data connection. */
struct liox_mirror_conn {
	struct liox_mirror_net *net;
	unsigned int index;
	struct socket *sock;
	struct mutex tx_lock;		/* one message at a time */
	/* writes and flushes to send, in order, by @tx_work */
	spinlock_t tx_qlock;
	struct list_head tx_queue;	/* struct liox_mirror_req */
	struct work_struct tx_work;
	/* mirror_watch.c: @ping_work sends a PING (@ping), a PING_ACK (@pong) */
	struct work_struct ping_work;
	bool ping;
	atomic64_t pong;		/* the seq of the PING to answer */
	bool rx_busy;			/* the receiver handles a message */
	struct task_struct *rx;
	unsigned long last_rx;		/* jiffies: last message, or handled */
	enum liox_mirror_conn_status status;
	u8 challenge[LIOX_MIRROR_AUTH_LEN];
	/*
	 * Peer writes (secondary): @pwrites are being written (overlapping
	 * ones wait), @pw_done are written and wait for @ack_work to send
	 * their acks; @pw_count counts both and the ones being acked. A
	 * FLUSH waits in @pwrites until it is first; @flush_work submits it
	 * then (@flush_next) if a completion found it there.
	 */
	spinlock_t pw_lock;
	struct list_head pwrites;
	struct list_head pw_done;
	unsigned int pw_count;
	wait_queue_head_t pw_wq;
	struct work_struct ack_work;
	struct liox_mirror_pwrite *flush_next;
	struct work_struct flush_work;
};

/* A message sent to the peer that waits for its reply. */
struct liox_mirror_req {
	u64 seq;
	u64 sector;
	u32 sectors;
	u8 type;			/* WRITE, FLUSH, RESYNC_DATA, VERIFY_REQ */
	unsigned long queued;		/* jiffies: liox_mirror_req_add() */
	unsigned long sent_at;		/* jiffies: its sending began */
	struct liox_mirror_io *io;	/* holds a leg of it (sync mode) */
	/* a queued WRITE or FLUSH (until its sender takes it) */
	struct list_head tx_node;
	struct bvec_iter it;		/* the piece of io's clone */
	u8 flags;			/* LIOX_MIRROR_F_FUA, _PREFLUSH */
	struct liox_mirror_io *tx_io;	/* async: a leg held until sent */
	unsigned int al_slot;		/* WRITE: its activity log slot + 1 */
	bool al_own;			/* async: holds a reference on it */
	struct completion *done;	/* verify: the waiter */
	int status;
	int slot;			/* resync: its region's lock */
	u64 cut;			/* FLUSH: liox_mirror_unflushed_cut() */
	bool sent;			/* replies accepted: see below */
	u8 digest[LIOX_MIRROR_DIGEST_LEN];
};

/*
 * The message of @req is about to be sent: from here on a reply is taken
 * (before, it is refused as malformed) and may free @req at once, so the
 * sender has everything it needs from @req before calling this.
 */
static inline void liox_mirror_req_sending(struct liox_mirror_req *req)
{
	req->sent_at = jiffies;
	/* pairs with the receiver's acquire: it sees @req complete */
	smp_store_release(&req->sent, true);
}

struct liox_mirror_net_stats {
	atomic64_t sent_bytes;		/* WRITE data sent */
	atomic64_t recv_bytes;		/* WRITE data received and written */
	atomic64_t resync_bytes;	/* RESYNC_DATA sent or received */
	atomic64_t malformed;		/* messages refused, connections closed */
	atomic64_t auth_failures;
	atomic64_t connects;		/* times the link came up */
	atomic64_t peer_deaths;		/* times heartbeats stopped */
	atomic64_t peer_errors;		/* the peer failed a write or flush */
};

/*
 * Regions the peer acknowledged that its next flush makes durable
 * (mirror_unflushed.c).
 */
struct liox_mirror_unflushed {
	spinlock_t lock;			/* all but @words and @work */
	struct liox_mirror_bitmap open;		/* acknowledged since the cut */
	struct liox_mirror_bitmap closing;	/* covered by cut @closing_id */
	u64 *words;				/* of both */
	u64 closing_id;				/* 0: no cut awaited */
	u64 last_id;
	unsigned int closing_acks;		/* its FLUSH_ACKs still due */
	u64 closing_epoch;			/* @epoch at that cut */
	u64 epoch;				/* link downs, peer role changes */
	bool whole;				/* a cut of this @epoch flushed */
	unsigned long last_cut;			/* jiffies */
	struct work_struct work;		/* a FLUSH of our own */
};

/* Who is being promoted, as far as this node agreed (mirror_promote.c). */
enum {
	LIOX_MIRROR_PROMOTE_NONE,
	LIOX_MIRROR_PROMOTE_LOCAL,	/* this node */
	LIOX_MIRROR_PROMOTE_PEER,	/* the peer: we said yes */
};

struct liox_mirror_net {
	struct liox_mirror *m;
	bool active;			/* this node connects, the peer accepts */
	struct sockaddr_storage local;	/* address and port, TCP and UDP */
	struct sockaddr_storage peer;
	u32 node_id;

	struct task_struct *link_thread;
	struct task_struct *hb_thread;
	struct socket *udp;
	struct socket *listen;
	wait_queue_head_t link_wq;	/* hb changes, failures, stop */

	/* heartbeats (under @hb_lock) */
	spinlock_t hb_lock;
	struct liox_mirror_hb hb;
	u8 peer_hb_state;		/* the peer's view of us */
	u32 peer_node_id;		/* changes when the peer re-enables */
	u32 attempt_peer_id;		/* @peer_node_id as the attempt began */
	/* the heartbeat thread's: what the peer's heartbeats proved */
	struct liox_mirror_hb_seen hb_seen;

	/*
	 * @mirroring: writes go to the peer. Submitters hold @link_rwsem
	 * for reading while they send; teardown takes it for writing after
	 * shutting the sockets down (which wakes blocked senders).
	 */
	struct rw_semaphore link_rwsem;
	bool mirroring;
	/*
	 * From the handshake's end to mirroring (or failure) the link joins
	 * (@m->md_joining, changed under @link_rwsem and bm_lock): the role
	 * may not change meanwhile. @hello_role: the role this attempt
	 * announced in its HELLOs and decided with.
	 */
	bool promoting;			/* joining waits: configfs promotes */
	u32 hello_role;			/* enum liox_mirror_role */
	/* two-step promotion (mirror_promote.c) */
	atomic_t promote_owner;		/* LIOX_MIRROR_PROMOTE_{NONE,LOCAL,PEER} */
	spinlock_t promote_lock;	/* seq, answer, asked_at */
	u64 promote_seq;		/* our last PROMOTE */
	int promote_answer;		/* to it: 0 yes, -EBUSY no, or waiting */
	unsigned long promote_yes_at;	/* jiffies: we answered the peer's */
	unsigned long promote_asked_at;	/* jiffies: we sent our PROMOTE */
	wait_queue_head_t promote_wq;
	atomic_t failed;		/* a connection failed: tear down */
	/*
	 * A failure shuts the data sockets down at once (@shut_work), so
	 * that nobody waits on them, the link thread included; @sock_lock
	 * keeps that from racing their release (conn[].sock).
	 */
	struct work_struct shut_work;
	struct mutex sock_lock;		/* conn[].sock vs @shut_work */
	atomic_t peer_failed;		/* ...because a disk failed: */
#define LIOX_MIRROR_PEER_FAILED		BIT(0)	/* a write */
#define LIOX_MIRROR_PEER_FAILED_FLUSH	BIT(1)	/* a flush */
#define LIOX_MIRROR_PEER_FAILED_TIMEOUT	BIT(2)	/* no progress */
#define LIOX_MIRROR_LOCAL_FAILED	BIT(3)	/* (ours) a resync read */
	unsigned int n_conns;
	struct liox_mirror_conn conn[LIOX_MIRROR_CONNS_MAX];
	struct liox_mirror_hello peer_hello;
	atomic64_t seq;
	struct xarray reqs;		/* seq -> struct liox_mirror_req */
	atomic_t nr_reqs;
	unsigned long last_reply;	/* jiffies of the last reply to one */
	wait_queue_head_t reqs_wq;	/* room in @reqs, acks for resync */
	struct liox_mirror_unflushed uf;

	/* resync: regions in flight are locked against writes */
	spinlock_t rs_lock;
	/* U64_MAX: free; the last is verify's (LIOX_MIRROR_RS_VERIFY) */
	u64 rs_locked[LIOX_MIRROR_RESYNC_WINDOW + 1];
	bool rs_draining[LIOX_MIRROR_RESYNC_WINDOW + 1];
	int rs_writes[LIOX_MIRROR_RS_BUCKETS];	/* writes in flight */
	wait_queue_head_t rs_wq;
	u64 rs_total;			/* regions to resync this time */
	atomic64_t rs_done;
	bool sync_source;
	bool sync_target;
	u64 rs_sent_bytes;

	/* online verify */
	struct work_struct verify_work;
	struct crypto_shash *sha;
	atomic64_t verify_done;		/* regions compared */
	atomic64_t verify_diffs;	/* regions that differ */
	u64 verify_total;
	bool verify_running;

	struct crypto_shash *hmac;	/* NULL without a secret */
	bool data_crc;			/* WRITE, RESYNC_DATA carry a CRC32C */
	struct liox_mirror_pool pool;
	struct liox_mirror_net_stats stats;
};

/* mirror_sock.c */
int liox_mirror_sock_listen(const struct sockaddr_storage *addr, int type,
			    struct socket **out);
int liox_mirror_sock_connect(const struct sockaddr_storage *local,
			     const struct sockaddr_storage *peer,
			     struct socket **out);
int liox_mirror_sock_accept(struct socket *listen, struct socket **out);
void liox_mirror_sock_tune(struct socket *sock);
void liox_mirror_sock_cork(struct socket *sock, bool on);
int liox_mirror_sock_recv(struct socket *sock, void *buf, size_t len);
int liox_mirror_sock_recv_bio(struct socket *sock, struct bio *bio,
			      u32 *crc);
int liox_mirror_send_msg(struct liox_mirror_conn *c,
			 struct liox_mirror_msg *msg);
#define LIOX_MIRROR_SEND_ZERO_COPY	0x1	/* liox_mirror_send_data() */
#define LIOX_MIRROR_SEND_MORE		0x2
int liox_mirror_send_data(struct liox_mirror_conn *c,
			  struct liox_mirror_hdr *hdr, struct bio *bio,
			  const struct bvec_iter *it, unsigned int flags);
int liox_mirror_recv_hdr(struct liox_mirror_conn *c, u8 *buf,
			 struct liox_mirror_hdr *hdr,
			 enum liox_mirror_conn_state state);
int liox_mirror_recv_body(struct liox_mirror_conn *c,
			  const struct liox_mirror_hdr *hdr, u8 *buf, u32 size,
			  struct liox_mirror_msg *msg);
void liox_mirror_malformed(struct liox_mirror_conn *c, u8 type, int err,
			   enum liox_mirror_wire_reason why);

/* mirror_pool.c */
int liox_mirror_pool_init(struct liox_mirror_pool *pool);
void liox_mirror_pool_destroy(struct liox_mirror_pool *pool);
struct bio *liox_mirror_pages_bio(struct liox_mirror_net *net, blk_opf_t opf,
				  u64 sector, u32 len);
void liox_mirror_pages_bio_put(struct liox_mirror_net *net, struct bio *bio);

/* mirror_auth.c */
int liox_mirror_auth_init(struct liox_mirror_net *net);
void liox_mirror_auth_exit(struct liox_mirror_net *net);
int liox_mirror_auth_response(struct liox_mirror_net *net,
			      const u8 *challenge, u32 node_id,
			      const char *name, u8 *out);
int liox_mirror_auth_hb_mac(struct liox_mirror_net *net, u8 *msg, u32 len,
			    u8 *mac);
bool liox_mirror_auth_equal(const u8 *a, const u8 *b);

/* mirror_hbnet.c */
int liox_mirror_hbnet_start(struct liox_mirror_net *net);
void liox_mirror_hbnet_stop(struct liox_mirror_net *net);
bool liox_mirror_hbnet_up(struct liox_mirror_net *net);
bool liox_mirror_hbnet_silent(struct liox_mirror_net *net);
enum liox_mirror_hb_state liox_mirror_hbnet_state(struct liox_mirror_net *net);

/* mirror_link.c */
int liox_mirror_link_start(struct liox_mirror_net *net);
void liox_mirror_link_stop(struct liox_mirror_net *net);
void liox_mirror_link_shut_work(struct work_struct *work);
int liox_mirror_link_close_errno(u8 reason);
void liox_mirror_link_read_lock(struct liox_mirror_net *net);
int liox_mirror_link_mark_unlock(struct liox_mirror_net *net, u64 sector,
				 u64 sectors);
void liox_mirror_link_peer_failed(struct liox_mirror_net *net, u8 type);
void liox_mirror_link_fail(struct liox_mirror_conn *c, const char *why,
			   int err);
void liox_mirror_link_timeout(struct liox_mirror_conn *c, u8 type,
			      unsigned int ms);
void liox_mirror_link_hello(struct liox_mirror_net *net,
			    struct liox_mirror_hello *h, unsigned int index);

/* mirror_repl.c */
int liox_mirror_repl_rx(void *data);
void liox_mirror_repl_ack_work(struct work_struct *work);
void liox_mirror_repl_flush_work(struct work_struct *work);
void liox_mirror_repl_tx_work(struct work_struct *work);
void liox_mirror_repl_tx_flush(struct liox_mirror_conn *c);

/* mirror_promote.c */
int liox_mirror_promote_begin(struct liox_mirror_net *net);
void liox_mirror_promote_end(struct liox_mirror_net *net);
int liox_mirror_promote_ask(struct liox_mirror_net *net, bool *asked);
int liox_mirror_promote_still_agreed(struct liox_mirror_net *net);
int liox_mirror_promote_answer(struct liox_mirror_conn *c,
			       const struct liox_mirror_hdr *hdr);
int liox_mirror_promote_acked(struct liox_mirror_conn *c,
			      const struct liox_mirror_hdr *hdr);
void liox_mirror_promote_peer_done(struct liox_mirror_net *net);
void liox_mirror_promote_link_down(struct liox_mirror_net *net);

/* mirror_watch.c */
void liox_mirror_watch_ping_work(struct work_struct *work);
void liox_mirror_watch_pong(struct liox_mirror_conn *c, u64 seq);
void liox_mirror_watch_tick(struct liox_mirror_net *net);
bool liox_mirror_repl_settle(struct liox_mirror_net *net);
bool liox_mirror_repl_drain(struct liox_mirror_net *net);
struct liox_mirror_req *liox_mirror_req_add(struct liox_mirror_net *net,
					    u8 type, u64 sector, u32 sectors);
struct liox_mirror_req *liox_mirror_req_take(struct liox_mirror_net *net,
					     u64 seq);
void liox_mirror_pwrite_wait_all(struct liox_mirror_conn *c);
void liox_mirror_pwrite_wait_range(struct liox_mirror_conn *c, u64 sector,
				   u32 len);
void liox_mirror_repl_flush_peer(struct liox_mirror_net *net, u64 cut);

/* mirror_unflushed.c */
int liox_mirror_unflushed_init(struct liox_mirror_net *net);
void liox_mirror_unflushed_exit(struct liox_mirror_net *net);
u64 liox_mirror_unflushed_add(struct liox_mirror_net *net, u64 sector,
			      u32 sectors);
u64 liox_mirror_unflushed_cut(struct liox_mirror_net *net);
void liox_mirror_unflushed_flushed(struct liox_mirror_net *net, u64 id);
bool liox_mirror_unflushed_record(struct liox_mirror_net *net);
void liox_mirror_unflushed_peer_role(struct liox_mirror_net *net);
bool liox_mirror_unflushed_settle(struct liox_mirror_net *net,
				  unsigned long timeout);
void liox_mirror_unflushed_tick(struct liox_mirror_net *net);

/* mirror_resync.c */
int liox_mirror_resync_bitmaps(struct liox_mirror_net *net);
int liox_mirror_resync_run(struct liox_mirror_net *net);
void liox_mirror_resync_wait_region(struct liox_mirror_net *net, u64 sector,
				    u32 sectors);
void liox_mirror_resync_write_done(struct liox_mirror_net *net, u64 sector,
				   u32 sectors);
int liox_mirror_resync_verify_lock(struct liox_mirror_net *net, u64 r);
void liox_mirror_resync_verify_unlock(struct liox_mirror_net *net);
void liox_mirror_resync_acked(struct liox_mirror_net *net,
			      struct liox_mirror_req *req);
int liox_mirror_resync_done(struct liox_mirror_net *net, u64 gen);
void liox_mirror_resync_reset(struct liox_mirror_net *net);

/* mirror_verify.c */
int liox_mirror_verify_init(struct liox_mirror_net *net);
void liox_mirror_verify_exit(struct liox_mirror_net *net);
int liox_mirror_verify_reply(struct liox_mirror_conn *c,
			     const struct liox_mirror_hdr *hdr);

#endif /* _LIOX_MIRROR_NET_H */
