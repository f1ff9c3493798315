// SPDX-License-Identifier: GPL-2.0
/*
 * LIOX_CMD_XCOPY_STATUS: the engine's counters, its port groups with their
 * ports and counters, and the copies in flight with their progress, as a
 * netlink dump (include/uapi/liox_xcopy.h, Documentation/netlink.rst).
 * cb->args[0] is the phase (totals, port groups, copies), cb->args[1] the
 * index within it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>
#include <uapi/liox_xcopy.h>
#include "xcopy_internal.h"

enum { LIOX_NL_TOTALS, LIOX_NL_PGS, LIOX_NL_COPIES, LIOX_NL_DONE };

struct liox_xcopy_nl_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int liox_xcopy_nl_u64(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, LIOX_XCOPY_A_PAD);
}

static int liox_xcopy_nl_counters(struct sk_buff *skb, u64 copies, u64 bytes,
				  u64 failures, u64 fallbacks)
{
	if (liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_COPIES, copies) ||
	    liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_BYTES, bytes) ||
	    liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_FAILURES, failures) ||
	    liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_FALLBACKS, fallbacks))
		return -EMSGSIZE;
	return 0;
}

static int liox_xcopy_nl_pstats(struct sk_buff *skb,
				struct liox_xcopy_pstats *st)
{
	return liox_xcopy_nl_counters(skb, atomic64_read(&st->copies),
				      atomic64_read(&st->bytes),
				      atomic64_read(&st->failures),
				      atomic64_read(&st->fallbacks));
}

/* Start a message whose payload nest holds one @type nest. */
static void *liox_xcopy_nl_begin(struct liox_xcopy_nl_ctx *ctx, int type,
				 struct nlattr **payload, struct nlattr **obj)
{
	void *hdr = liox_genl_dump_put(ctx->skb, ctx->cb);

	if (!hdr)
		return NULL;
	*payload = nla_nest_start(ctx->skb, LIOX_ATTR_PAYLOAD);
	*obj = *payload ? nla_nest_start(ctx->skb, type) : NULL;
	if (!*obj) {
		genlmsg_cancel(ctx->skb, hdr);
		return NULL;
	}
	return hdr;
}

static void liox_xcopy_nl_end(struct liox_xcopy_nl_ctx *ctx, void *hdr,
			      struct nlattr *payload, struct nlattr *obj)
{
	nla_nest_end(ctx->skb, obj);
	nla_nest_end(ctx->skb, payload);
	genlmsg_end(ctx->skb, hdr);
}

static int liox_xcopy_nl_totals(struct liox_xcopy_nl_ctx *ctx)
{
	struct liox_xcopy_stats *st = &liox_xcopy_stats;
	struct sk_buff *skb = ctx->skb;
	struct nlattr *payload, *obj;
	void *hdr;

	hdr = liox_xcopy_nl_begin(ctx, LIOX_XCOPY_A_TOTALS, &payload, &obj);
	if (!hdr)
		return -EMSGSIZE;
	if (liox_xcopy_nl_counters(skb, atomic64_read(&st->copies),
				   atomic64_read(&st->bytes),
				   atomic64_read(&st->failures),
				   atomic64_read(&st->fallbacks)) ||
	    liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_REFUSED,
			      atomic64_read(&st->refused)) ||
	    nla_put_u32(skb, LIOX_XCOPY_A_ACTIVE, liox_xcopy_active_count()) ||
	    nla_put_u32(skb, LIOX_XCOPY_A_CHUNK_KB,
			READ_ONCE(liox_xcopy_cfg.chunk_kb)) ||
	    nla_put_u32(skb, LIOX_XCOPY_A_DEPTH,
			READ_ONCE(liox_xcopy_cfg.depth))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	liox_xcopy_nl_end(ctx, hdr, payload, obj);
	return 0;
}

static int liox_xcopy_nl_tport(struct sk_buff *skb,
			       const struct liox_xcopy_tport *tp)
{
	struct nlattr *nest = nla_nest_start(skb, LIOX_XCOPY_A_TARGET_PORT);

	if (!nest ||
	    nla_put_string(skb, LIOX_XCOPY_A_NAME,
			   config_item_name((struct config_item *)&tp->item)) ||
	    (tp->fabric[0] &&
	     nla_put_string(skb, LIOX_XCOPY_A_FABRIC, tp->fabric)) ||
	    (tp->wwn[0] && nla_put_string(skb, LIOX_XCOPY_A_WWN, tp->wwn)) ||
	    (tp->tpgt >= 0 && nla_put_u32(skb, LIOX_XCOPY_A_TPGT, tp->tpgt)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int liox_xcopy_nl_iport(struct sk_buff *skb,
			       struct liox_xcopy_iport *ip)
{
	struct nlattr *nest = nla_nest_start(skb, LIOX_XCOPY_A_INITIATOR_PORT);
	char stable[LIOX_XCOPY_PORTNAME_TEXT_MAX];
	int host = ip->host;

	liox_xcopy_portname_format(&ip->name, stable, sizeof(stable));
	if (!nest ||
	    nla_put_string(skb, LIOX_XCOPY_A_NAME,
			   config_item_name(&ip->item)) ||
	    (host >= 0 && nla_put_u32(skb, LIOX_XCOPY_A_HOST, host)) ||
	    (stable[0] &&
	     nla_put_string(skb, LIOX_XCOPY_A_STABLE_NAME, stable)) ||
	    liox_xcopy_nl_pstats(skb, &ip->stats))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* One message per port group; called under the port-group lock. */
static int liox_xcopy_nl_pg(struct liox_xcopy_pg *pg, void *arg)
{
	struct liox_xcopy_nl_ctx *ctx = arg;
	struct sk_buff *skb = ctx->skb;
	struct liox_xcopy_tport *tp;
	struct liox_xcopy_iport *ip;
	struct nlattr *payload, *obj;
	void *hdr;

	hdr = liox_xcopy_nl_begin(ctx, LIOX_XCOPY_A_PORT_GROUP, &payload, &obj);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LIOX_XCOPY_A_NAME,
			   config_item_name(&pg->group.cg_item)) ||
	    liox_xcopy_nl_pstats(skb, &pg->stats))
		goto err_cancel;
	list_for_each_entry(tp, &pg->tports, node) {
		if (liox_xcopy_nl_tport(skb, tp))
			goto err_cancel;
	}
	list_for_each_entry(ip, &pg->iports, node) {
		if (liox_xcopy_nl_iport(skb, ip))
			goto err_cancel;
	}
	liox_xcopy_nl_end(ctx, hdr, payload, obj);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* One message per copy in flight; called under a spinlock. */
static int liox_xcopy_nl_copy(struct liox_xcopy_op *op, void *arg)
{
	struct liox_xcopy_nl_ctx *ctx = arg;
	struct sk_buff *skb = ctx->skb;
	struct nlattr *payload, *obj;
	struct liox_xcopy_status st;
	int i, port = -1;
	void *hdr;

	spin_lock(&op->lock);
	st = op->status;
	spin_unlock(&op->lock);
	for (i = 0; i < LIOX_XCOPY_MAX_CSCD && port < 0; i++) {
		struct liox_xcopy_remote *r = READ_ONCE(op->remote[i]);

		if (r)
			port = READ_ONCE(r->cands.in_use);
	}

	hdr = liox_xcopy_nl_begin(ctx, LIOX_XCOPY_A_COPY, &payload, &obj);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, LIOX_XCOPY_A_LIST_ID, op->list->list_id) ||
	    nla_put_string(skb, LIOX_XCOPY_A_INITIATOR,
			   op->sess->se_node_acl->initiatorname) ||
	    nla_put_u32(skb, LIOX_XCOPY_A_SEGS_DONE, st.segs_done) ||
	    nla_put_u32(skb, LIOX_XCOPY_A_SEGS, op->list->n_seg) ||
	    liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_BYTES_DONE, st.bytes_done) ||
	    liox_xcopy_nl_u64(skb, LIOX_XCOPY_A_BYTES_TOTAL, op->bytes_total) ||
	    (op->bind.pg &&
	     nla_put_string(skb, LIOX_XCOPY_A_NAME,
			    config_item_name(&op->bind.pg->group.cg_item))) ||
	    (port >= 0 &&
	     nla_put_string(skb, LIOX_XCOPY_A_PORT,
			    liox_xcopy_pg_port_name(&op->bind, port)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	liox_xcopy_nl_end(ctx, hdr, payload, obj);
	return 0;
}

static int liox_xcopy_nl_status_dumpit(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	struct liox_xcopy_nl_ctx ctx = { .skb = skb, .cb = cb };

	/* a message that does not fit ends this round; the next resumes it */
	switch (cb->args[0]) {
	case LIOX_NL_TOTALS:
		if (liox_xcopy_nl_totals(&ctx))
			return skb->len;
		cb->args[0] = LIOX_NL_PGS;
		cb->args[1] = 0;
		fallthrough;
	case LIOX_NL_PGS:
		if (liox_xcopy_pg_walk(liox_xcopy_nl_pg, &ctx, &cb->args[1]))
			return skb->len;
		cb->args[0] = LIOX_NL_COPIES;
		cb->args[1] = 0;
		fallthrough;
	case LIOX_NL_COPIES:
		if (liox_xcopy_active_walk(liox_xcopy_nl_copy, &ctx,
					   &cb->args[1]))
			return skb->len;
		cb->args[0] = LIOX_NL_DONE;
		fallthrough;
	default:
		return skb->len;
	}
}

const struct liox_genl_cmd liox_xcopy_nl_cmds[] = {
	{
		.cmd	= LIOX_CMD_XCOPY_STATUS,
		.dumpit	= liox_xcopy_nl_status_dumpit,
	},
};

const unsigned int liox_xcopy_nl_n_cmds = ARRAY_SIZE(liox_xcopy_nl_cmds);
