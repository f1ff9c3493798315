/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of liox_ipmirror.ko only.
 *
 * A mirror (struct liox_mirror) is made by mkdir in configfs and lives
 * until rmdir and the last reference are gone (kref). Enabling it opens
 * the backing device, loads the metadata area and creates the block
 * device /dev/liox/<name>; disabling undoes that in reverse. What the
 * enabled mirror holds lives in the mirror itself, guarded by @cfg_lock
 * for configuration and transitions, and by @bm_lock for the dirty
 * bitmap and the write-intent queue (the data path). Readers of the
 * settings, the state and the counters (configfs, netlink) take
 * @show_lock instead: a role change holds @cfg_lock while it waits for
 * the peer, and they must not wait with it.
 *
 * Documentation/ipmirror.rst describes the device; ipmirror-wire.rst the
 * wire protocol and the metadata layout.
 */
#ifndef _LIOX_MIRROR_INTERNAL_H
#define _LIOX_MIRROR_INTERNAL_H

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/configfs.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <liox/core.h>
#include "mirror_al.h"
#include "mirror_bitmap.h"
#include "mirror_md.h"

#define LIOX_MIRROR_VERSION		"0.1.0"

/* "liox!<name>" must fit DISK_NAME_LEN (devtmpfs makes /dev/liox/<name>) */
#define LIOX_MIRROR_DISK_PREFIX		"liox!"
#define LIOX_MIRROR_NAME_MAX		(DISK_NAME_LEN - 5)	/* with NUL */
#define LIOX_MIRROR_PATH_MAX		256
#define LIOX_MIRROR_SECRET_MAX		64

#define LIOX_MIRROR_PORT_DEFAULT	7790
#define LIOX_MIRROR_CONNS_MAX		8
#define LIOX_MIRROR_CONNS_DEFAULT	2
#define LIOX_MIRROR_HB_INTERVAL_DEFAULT	1500
#define LIOX_MIRROR_HB_DEAD_DEFAULT	4000
#define LIOX_MIRROR_PROBATION_DEFAULT	10000
#define LIOX_MIRROR_ACK_TIMEOUT_DEFAULT	10000
#define LIOX_MIRROR_REQ_TIMEOUT_DEFAULT	20000
#define LIOX_MIRROR_TIMER_MAX		3600000U	/* ms */

/* Bytes of bits one 4 KiB metadata block holds, and regions per block. */
#define LIOX_MIRROR_MD_BLOCK		4096U
#define LIOX_MIRROR_REGIONS_PER_BLOCK	(LIOX_MIRROR_MD_BLOCK * 8)

enum liox_mirror_role {
	LIOX_MIRROR_SECONDARY,
	LIOX_MIRROR_PRIMARY,
};

enum liox_mirror_mode {
	LIOX_MIRROR_SYNC,
	LIOX_MIRROR_ASYNC,
};

/*
 * States as configfs "state" shows them (Documentation/ipmirror.rst).
 * Each change is logged once and sent as a mirror-state event.
 */
enum liox_mirror_status {
	LIOX_MIRROR_DISABLED,
	LIOX_MIRROR_STANDALONE,		/* enabled, no peer configured */
	LIOX_MIRROR_PEER_DOWN,		/* no heartbeat from the peer */
	LIOX_MIRROR_PROBATION,		/* heartbeats back, not long enough */
	LIOX_MIRROR_CONNECTING,		/* peer up: connections, handshake */
	LIOX_MIRROR_RESYNCING,		/* connected, a resync runs */
	LIOX_MIRROR_IN_SYNC,		/* connected, both sides equal */
	LIOX_MIRROR_SPLIT_BRAIN,	/* both wrote apart: operator decides */
	LIOX_MIRROR_REFUSED,		/* authentication, roles or configuration */
	LIOX_MIRROR_PEER_IO_ERROR,	/* the peer failed a write: retry later */
	LIOX_MIRROR_PEER_TIMEOUT,	/* the peer answered nothing: retry later */
	LIOX_MIRROR_IO_ERROR,		/* our disk failed a resync read: later */
};

/*
 * Split brain and refusals: the link waits for the operator, or for the
 * peer to be enabled again (a new node id in its heartbeats).
 */
static inline bool liox_mirror_state_refused(enum liox_mirror_status state)
{
	return state == LIOX_MIRROR_SPLIT_BRAIN || state == LIOX_MIRROR_REFUSED;
}

/* Configuration, as written in configfs; fixed while enabled. */
struct liox_mirror_config {
	char backing[LIOX_MIRROR_PATH_MAX];
	struct sockaddr_storage peer_addr;	/* ss_family 0: not set */
	struct sockaddr_storage local_addr;
	u16 peer_port;
	u16 local_port;
	u32 conns;
	u32 mode;			/* enum liox_mirror_mode */
	u32 hb_interval_ms;		/* the three timers may change online */
	u32 hb_dead_ms;
	u32 probation_ms;
	u32 ack_timeout_ms;		/* 0: never; may change online */
	u32 request_timeout_ms;		/* 0: never; may change online */
	u32 role;			/* enum liox_mirror_role */
	u32 region_kb;
	u32 resync_rate_kb;		/* KiB/s, 0: unlimited; may change */
	u32 data_crc;			/* 0: without, if the peer agrees */
	u32 al_extents;			/* slots of the activity log */
	char peer_name[LIOX_MIRROR_NAME_MAX];	/* "": the same as ours */
	u8 secret[LIOX_MIRROR_SECRET_MAX];
	u32 secret_len;
};

/* Counters (configfs, netlink). */
struct liox_mirror_stats {
	atomic64_t reads;
	atomic64_t writes;		/* writes, discards, write-zeroes */
	atomic64_t read_bytes;
	atomic64_t write_bytes;
	atomic64_t io_errors;		/* errors of the backing device */
	atomic64_t refused_writes;	/* writes to a secondary */
	atomic64_t md_commits;		/* dirty bits written before writes */
	atomic64_t md_errors;		/* failed metadata writes */
};

/* The network half (connections, heartbeats, resync): not there yet. */
struct liox_mirror_net;

struct liox_mirror {
	struct config_group group;	/* mirrors/<name> */
	struct kref kref;
	struct list_head node;		/* in the list of mirrors */
	char name[LIOX_MIRROR_NAME_MAX];

	struct mutex cfg_lock;		/* @cfg, enable and disable */
	/*
	 * Held for writing (inside @cfg_lock) where the strings of @cfg
	 * change and where @net comes and goes; for reading by the shows.
	 */
	struct rw_semaphore show_lock;
	struct liox_mirror_config cfg;
	bool enabled;
	/* @state changes, one event each; orders refusals (mirror_link.c) */
	struct mutex state_lock;
	enum liox_mirror_status state;

	/* While enabled (set up by enable, torn down by disable). */
	struct block_device *backing;
	struct gendisk *disk;
	sector_t data_sectors;		/* the device's capacity */
	sector_t md_start;		/* first sector of the metadata area */
	struct liox_mirror_net *net;	/* NULL until the network half */

	/* Opens of the block device; disable refuses while there are any. */
	spinlock_t open_lock;
	unsigned int open_count;
	bool dying;

	/* Bios (with the original's clone) not yet completed. */
	atomic_t inflight;
	wait_queue_head_t inflight_wq;

	/*
	 * The dirty bitmap and the write-intent queue. @bm holds every
	 * region marked; @marked_seq counts changes of @bm, @written_seq
	 * the last change the metadata area holds. A write that marked a
	 * region, or that arrives while a change is not yet written, waits
	 * in @md_wait (with need_seq) until the worker wrote its change.
	 */
	spinlock_t bm_lock;
	struct liox_mirror_bitmap bm;
	unsigned long *md_dirty_blocks;	/* 4 KiB bit blocks changed */
	u64 marked_seq;
	u64 written_seq;
	u64 md_epoch;			/* counts link ups and downs, from 1 */
	struct bio_list md_wait;
	struct work_struct md_work;
	/*
	 * Woken by the worker after each write of the metadata, done or
	 * failed (@md_failures counts the failures, @md_failed_seq is the
	 * newest change the last failed write held): a
	 * commit waits here, not with flush_work(), which may return before
	 * a run that another CPU's queue_work() has marked pending but not
	 * yet queued.
	 */
	wait_queue_head_t md_wq;
	u64 md_failures;
	u64 md_failed_seq;
	/*
	 * Writes whose change the worker wrote, submitted in order by
	 * @md_submit_work: the worker itself never waits for the peer.
	 */
	struct bio_list md_submit;
	struct work_struct md_submit_work;
	/*
	 * The activity log (mirror_al.h), and the writes waiting for one of
	 * its slots to become reusable (the worker retries them).
	 */
	struct liox_mirror_al al;
	struct bio_list al_park;

	/* Only the metadata writer (enable, worker, disable) uses these. */
	struct liox_mirror_bitmap shadow;	/* @bm as last written */
	unsigned long *md_commit_blocks;
	unsigned long nr_md_blocks;
	u8 *md_buf;			/* one 4 KiB block */
	struct liox_mirror_md_al al_disk;	/* the log for the next header */
	u64 md_removals;		/* al.evictions + bm_clears then */
	bool md_preflush;		/* the next header flushes */
	struct liox_mirror_md md;	/* the header as last written */
	struct liox_mirror_gens shadow_gens;	/* for the next header */
	u32 shadow_flags;

	/* generations and header flags now (under @bm_lock) */
	struct liox_mirror_gens gens;
	u32 md_flags;
	bool gen_bumped;		/* a new one since the link was up */
	u64 bm_clears;			/* changes that cleaned regions */
	/* liox_mirror_meta_join(): under bm_lock and link_rwsem; md_wq */
	bool md_joining;

	struct liox_mirror_stats stats;
};

/*
 * What travels with each clone sent to the backing device (the front pad
 * of @clone in liox_mirror_bs, shared by all mirrors). @pending counts the
 * legs (the local write, later the peer's ack) still to finish; the
 * original completes when it reaches zero, with the first error any leg
 * reported.
 */
struct liox_mirror_io {
	struct liox_mirror *m;
	struct bio *orig;
	u64 need_seq;			/* write-intent change it waits for */
	u64 md_epoch;			/* marked dirty then (0: not) */
	unsigned int al_slot;		/* its activity log slot + 1 (0: none) */
	atomic_t pending;
	blk_status_t status;
	u64 rs_sector;			/* counted against the resync while */
	u32 rs_sectors;			/* in flight (0: not counted) */
	struct bio clone;		/* last: bio_set front pad */
};

extern struct workqueue_struct *liox_mirror_wq;
extern struct workqueue_struct *liox_mirror_tx_wq;
extern struct bio_set liox_mirror_bs;
extern struct liox_capability liox_mirror_cap;

/* mirror_obj.c: the object, its references, the enable gate */
struct liox_mirror *liox_mirror_alloc(const char *name);
void liox_mirror_get(struct liox_mirror *m);
void liox_mirror_put(struct liox_mirror *m);
int liox_mirror_enable(struct liox_mirror *m);
int liox_mirror_disable(struct liox_mirror *m);
const char *liox_mirror_state_name(enum liox_mirror_status state);
void __liox_mirror_set_state(struct liox_mirror *m,
			     enum liox_mirror_status state);
void liox_mirror_set_state(struct liox_mirror *m,
			   enum liox_mirror_status state);
/* mirror_obj.c: split brain, this node gives up its data (configfs resolve) */
int liox_mirror_resolve_discard(struct liox_mirror *m);

/* The name the peer gives this mirror (its configfs directory). */
static inline const char *liox_mirror_peer_name(const struct liox_mirror *m)
{
	return m->cfg.peer_name[0] ? m->cfg.peer_name : m->name;
}

int liox_mirror_walk(int (*fn)(struct liox_mirror *m, void *arg), void *arg,
		     unsigned long *pos);
void liox_mirror_list_add(struct liox_mirror *m);
void liox_mirror_list_del(struct liox_mirror *m);

/* mirror_cfs.c: configfs mirrors/<name>/ */
struct config_group *liox_mirror_cfs_init(void);
struct liox_mirror_conn;
const char *liox_mirror_conn_name(unsigned int status);
s64 liox_mirror_conn_idle_ms(struct liox_mirror_conn *c);

/* mirror_dev.c: the block device */
int liox_mirror_dev_create(struct liox_mirror *m);
void liox_mirror_dev_destroy(struct liox_mirror *m);
void liox_mirror_io_put(struct liox_mirror_io *io, blk_status_t status);
void liox_mirror_io_submit(struct liox_mirror_io *io);
int liox_mirror_dev_hold_closed(struct liox_mirror *m);

/* mirror_meta.c: the metadata area and the write-intent worker */
int liox_mirror_meta_geometry(struct liox_mirror *m);
int liox_mirror_meta_load(struct liox_mirror *m);
void liox_mirror_meta_unload(struct liox_mirror *m);
int liox_mirror_meta_close(struct liox_mirror *m);
void liox_mirror_meta_gens(struct liox_mirror *m, struct liox_mirror_gens *g);
int liox_mirror_meta_mark_range(struct liox_mirror *m, u64 sector, u64 nr);
u64 liox_mirror_meta_mark_range_begin(struct liox_mirror *m, u64 sector,
				      u64 nr);
int liox_mirror_meta_mark_range_end(struct liox_mirror *m, u64 seq);
void liox_mirror_meta_clear_range(struct liox_mirror *m, u64 sector, u64 nr);
void liox_mirror_meta_merge(struct liox_mirror *m, u64 first, const u8 *bits,
			    u64 nbits);
u64 liox_mirror_meta_or(struct liox_mirror *m,
			const struct liox_mirror_bitmap *src);
void liox_mirror_meta_set_all(struct liox_mirror *m);
int liox_mirror_meta_sync(struct liox_mirror *m);
int liox_mirror_meta_set_flag(struct liox_mirror *m, u32 flag, bool on);
int liox_mirror_meta_swap_flag(struct liox_mirror *m, u32 flag, bool on,
			       bool *was);
int liox_mirror_meta_sync_done(struct liox_mirror *m);
int liox_mirror_meta_adopt(struct liox_mirror *m, u64 gen);
int liox_mirror_meta_discard(struct liox_mirror *m);
int liox_mirror_meta_link_up(struct liox_mirror *m);
void liox_mirror_meta_link_down(struct liox_mirror *m, bool recorded);
u64 liox_mirror_meta_dirty(struct liox_mirror *m);
bool liox_mirror_meta_mark(struct liox_mirror *m, struct liox_mirror_io *io);
void liox_mirror_meta_join(struct liox_mirror *m, bool joining);
void liox_mirror_meta_al_put(struct liox_mirror *m, unsigned int idx);
void liox_mirror_meta_al_hold(struct liox_mirror *m, unsigned int idx);
void liox_mirror_meta_al_acked(struct liox_mirror *m, unsigned int idx,
			       u64 cut);
void liox_mirror_meta_al_flushed(struct liox_mirror *m, u64 cut);
bool liox_mirror_meta_still_marked(struct liox_mirror *m,
				   struct liox_mirror_io *io);
void liox_mirror_meta_work(struct work_struct *work);
void liox_mirror_meta_submit_work(struct work_struct *work);

/* the network half (mirror_net.h) */
int liox_mirror_net_start(struct liox_mirror *m);
void liox_mirror_net_stop(struct liox_mirror *m);
bool liox_mirror_peer_connected(struct liox_mirror *m);
void liox_mirror_submit_remote(struct liox_mirror *m,
			       struct liox_mirror_io *io);
void liox_mirror_io_resync_done(struct liox_mirror_io *io);
void liox_mirror_unflushed_kick(struct liox_mirror_net *net);
int liox_mirror_verify_start(struct liox_mirror *m);
/* configfs role changed while enabled (cfg_lock held): tell the peer */
void liox_mirror_net_role_changed(struct liox_mirror *m);

/* mirror_nl.c */
extern const struct liox_genl_cmd liox_mirror_nl_cmds[];
extern const unsigned int liox_mirror_nl_n_cmds;

#endif /* _LIOX_MIRROR_INTERNAL_H */
