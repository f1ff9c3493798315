// SPDX-License-Identifier: GPL-2.0
/*
 * LIOX_CMD_MIRROR_STATUS: every mirror with its settings, state and
 * counters, and those of its network half (heartbeats, connections,
 * resync, verify; zero without one), as a netlink dump
 * (include/uapi/liox_mirror.h, Documentation/netlink.rst). cb->args[0]
 * is the index of the next mirror.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>
#include <uapi/liox_mirror.h>
#include "mirror_net.h"

struct liox_mirror_nl_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int liox_mirror_nl_u64(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, LIOX_MIRROR_A_PAD);
}

static int liox_mirror_nl_stat(struct sk_buff *skb, int type, atomic64_t *v)
{
	return liox_mirror_nl_u64(skb, type, atomic64_read(v));
}

static int liox_mirror_nl_stats(struct sk_buff *skb, struct liox_mirror *m)
{
	struct liox_mirror_stats *st = &m->stats;

	if (liox_mirror_nl_stat(skb, LIOX_MIRROR_A_READS, &st->reads) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_WRITES, &st->writes) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_READ_BYTES,
				&st->read_bytes) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_WRITE_BYTES,
				&st->write_bytes) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_IO_ERRORS,
				&st->io_errors) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_REFUSED_WRITES,
				&st->refused_writes) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_MD_COMMITS,
				&st->md_commits) ||
	    liox_mirror_nl_stat(skb, LIOX_MIRROR_A_MD_ERRORS, &st->md_errors))
		return -EMSGSIZE;
	return 0;
}

static int liox_mirror_nl_addr(struct sk_buff *skb, int type,
			       const struct sockaddr_storage *addr)
{
	char buf[64];

	if (!addr->ss_family)
		return 0;
	snprintf(buf, sizeof(buf), "%pISc", addr);
	return nla_put_string(skb, type, buf);
}

static int liox_mirror_nl_conns(struct sk_buff *skb,
				struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c;
	struct nlattr *nest;
	unsigned int i;
	s64 idle;

	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		idle = liox_mirror_conn_idle_ms(c);
		nest = nla_nest_start(skb, LIOX_MIRROR_A_CONNECTION);
		if (!nest ||
		    nla_put_u32(skb, LIOX_MIRROR_A_INDEX, i) ||
		    nla_put_string(skb, LIOX_MIRROR_A_CONN_STATUS,
				   liox_mirror_conn_name(READ_ONCE(c->status))) ||
		    (idle >= 0 &&
		     liox_mirror_nl_u64(skb, LIOX_MIRROR_A_IDLE_MS, idle)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* The network half's state and counters (zero without it). */
static int liox_mirror_nl_net(struct sk_buff *skb, struct liox_mirror *m)
{
	static const struct liox_mirror_net_stats zero;
	struct liox_mirror_net *net = m->net;
	const struct liox_mirror_net_stats *st = net ? &net->stats : &zero;
	enum liox_mirror_hb_state hb = LIOX_MIRROR_HB_DISABLED;
	u64 v_done = 0, v_total = 0, v_diffs = 0, r_done = 0, r_total = 0;
	bool v_running = false;

	if (net) {
		hb = liox_mirror_hbnet_state(net);
		v_running = READ_ONCE(net->verify_running);
		v_done = atomic64_read(&net->verify_done);
		v_total = READ_ONCE(net->verify_total);
		v_diffs = atomic64_read(&net->verify_diffs);
		r_done = atomic64_read(&net->rs_done);
		r_total = READ_ONCE(net->rs_total);
	}
	if (liox_mirror_nl_addr(skb, LIOX_MIRROR_A_PEER_ADDR,
				&m->cfg.peer_addr) ||
	    nla_put_u32(skb, LIOX_MIRROR_A_PEER_PORT,
			READ_ONCE(m->cfg.peer_port)) ||
	    liox_mirror_nl_addr(skb, LIOX_MIRROR_A_LOCAL_ADDR,
				&m->cfg.local_addr) ||
	    nla_put_u32(skb, LIOX_MIRROR_A_LOCAL_PORT,
			READ_ONCE(m->cfg.local_port)) ||
	    nla_put_string(skb, LIOX_MIRROR_A_PEER_NAME, m->cfg.peer_name) ||
	    nla_put_u32(skb, LIOX_MIRROR_A_CONNS, READ_ONCE(m->cfg.conns)) ||
	    nla_put_u32(skb, LIOX_MIRROR_A_RESYNC_RATE_KB,
			READ_ONCE(m->cfg.resync_rate_kb)) ||
	    nla_put_string(skb, LIOX_MIRROR_A_PEER_HEARTBEAT,
			   liox_mirror_hb_state_name(hb)) ||
	    nla_put_u8(skb, LIOX_MIRROR_A_VERIFY_RUNNING, v_running) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_VERIFY_DONE, v_done) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_VERIFY_TOTAL, v_total) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_VERIFY_DIFFS, v_diffs) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_RESYNC_DONE, r_done) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_RESYNC_TOTAL, r_total) ||
	    (net && liox_mirror_nl_conns(skb, net)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_CONNECTS,
			       atomic64_read(&st->connects)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_PEER_DEATHS,
			       atomic64_read(&st->peer_deaths)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_MALFORMED,
			       atomic64_read(&st->malformed)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_AUTH_FAILURES,
			       atomic64_read(&st->auth_failures)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_SENT_BYTES,
			       atomic64_read(&st->sent_bytes)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_RECV_BYTES,
			       atomic64_read(&st->recv_bytes)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_RESYNC_BYTES,
			       atomic64_read(&st->resync_bytes)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_PEER_ERRORS,
			       atomic64_read(&st->peer_errors)))
		return -EMSGSIZE;
	return 0;
}

/* The settings and state, under the mirror's show_lock. */
static int liox_mirror_nl_fill(struct sk_buff *skb, struct liox_mirror *m)
{
	u64 dirty;
	int ret = -EMSGSIZE;

	down_read(&m->show_lock);
	dirty = liox_mirror_meta_dirty(m);
	if (nla_put_string(skb, LIOX_MIRROR_A_NAME, m->name) ||
	    nla_put_string(skb, LIOX_MIRROR_A_STATE,
			   liox_mirror_state_name(READ_ONCE(m->state))) ||
	    nla_put_string(skb, LIOX_MIRROR_A_ROLE,
			   READ_ONCE(m->cfg.role) == LIOX_MIRROR_PRIMARY ?
			   "primary" : "secondary") ||
	    nla_put_string(skb, LIOX_MIRROR_A_MODE,
			   READ_ONCE(m->cfg.mode) == LIOX_MIRROR_SYNC ?
			   "sync" : "async") ||
	    (m->cfg.backing[0] &&
	     nla_put_string(skb, LIOX_MIRROR_A_BACKING, m->cfg.backing)) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_SIZE_SECTORS,
			       READ_ONCE(m->data_sectors)) ||
	    nla_put_u32(skb, LIOX_MIRROR_A_REGION_SIZE,
			READ_ONCE(m->cfg.region_kb) << 10) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_DIRTY_REGIONS, dirty) ||
	    liox_mirror_nl_u64(skb, LIOX_MIRROR_A_GENERATION,
			       READ_ONCE(m->md.gens.current_gen)))
		goto out_unlock;
	ret = liox_mirror_nl_stats(skb, m) ?: liox_mirror_nl_net(skb, m);
out_unlock:
	up_read(&m->show_lock);
	return ret;
}

/* One message per mirror; called under the list lock. */
static int liox_mirror_nl_one(struct liox_mirror *m, void *arg)
{
	struct liox_mirror_nl_ctx *ctx = arg;
	struct sk_buff *skb = ctx->skb;
	struct nlattr *payload, *obj;
	void *hdr;

	hdr = liox_genl_dump_put(skb, ctx->cb);
	if (!hdr)
		return -EMSGSIZE;
	payload = nla_nest_start(skb, LIOX_ATTR_PAYLOAD);
	obj = payload ? nla_nest_start(skb, LIOX_MIRROR_A_MIRROR) : NULL;
	if (!obj || liox_mirror_nl_fill(skb, m)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, obj);
	nla_nest_end(skb, payload);
	genlmsg_end(skb, hdr);
	return 0;
}

static int liox_mirror_nl_status_dumpit(struct sk_buff *skb,
					struct netlink_callback *cb)
{
	struct liox_mirror_nl_ctx ctx = { .skb = skb, .cb = cb };

	/* a message that does not fit ends this round; the next resumes it */
	liox_mirror_walk(liox_mirror_nl_one, &ctx, &cb->args[0]);
	return skb->len;
}

const struct liox_genl_cmd liox_mirror_nl_cmds[] = {
	{
		.cmd	= LIOX_CMD_MIRROR_STATUS,
		.dumpit	= liox_mirror_nl_status_dumpit,
	},
};

const unsigned int liox_mirror_nl_n_cmds = ARRAY_SIZE(liox_mirror_nl_cmds);
