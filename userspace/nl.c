// SPDX-License-Identifier: GPL-2.0
/* lioxctl: talking to the "liox" generic netlink family with libnl-3. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"

static struct nla_policy liox_nl_policy[LIOX_ATTR_MAX + 1] = {
	[LIOX_ATTR_VERSION]	= { .type = NLA_STRING },
	[LIOX_ATTR_PROTO]	= { .type = NLA_U32 },
	[LIOX_ATTR_CAPS]	= { .type = NLA_NESTED },
	[LIOX_ATTR_CAP]		= { .type = NLA_NESTED },
	[LIOX_ATTR_CAPABILITY]	= { .type = NLA_STRING },
	[LIOX_ATTR_EVENT]	= { .type = NLA_U32 },
	[LIOX_ATTR_OBJECT]	= { .type = NLA_STRING },
	[LIOX_ATTR_MESSAGE]	= { .type = NLA_STRING },
	[LIOX_ATTR_PAYLOAD]	= { .type = NLA_NESTED },
};

/* libnl's own error codes, as the nearest errno. */
static int liox_nl_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	default:
		return -EIO;
	}
}

static int liox_nl_noop_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

struct liox_nl_ctx {
	liox_nl_parse_fn parse;
	void *arg;
	int err;
	int done;
	int seen;
};

int liox_nl_open(struct liox_nl *nl)
{
	int ret;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	ret = genl_connect(nl->sk);
	if (ret < 0)
		goto err_free_sock;
	nl->family = genl_ctrl_resolve(nl->sk, LIOX_GENL_NAME);
	if (nl->family < 0) {
		ret = -ENOENT;
		goto err_free_sock;
	}
	nl->events_group = genl_ctrl_resolve_grp(nl->sk, LIOX_GENL_NAME,
						 LIOX_GENL_MCGRP_EVENTS);
	if (nl->events_group < 0) {
		ret = -ENOENT;
		goto err_free_sock;
	}
	return 0;

err_free_sock:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return ret == -ENOENT ? ret : liox_nl_errno(ret);
}

void liox_nl_close(struct liox_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

static int liox_nl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct liox_nl_ctx *ctx = arg;
	struct nlattr *tb[LIOX_ATTR_MAX + 1];
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, LIOX_ATTR_MAX,
			    liox_nl_policy);
	if (ret < 0) {
		ctx->err = -EBADMSG;
		return NL_STOP;
	}
	ctx->seen++;
	ret = ctx->parse ? ctx->parse(tb, ctx->arg) : 0;
	if (ret < 0) {
		ctx->err = ret;
		return NL_STOP;
	}
	return NL_OK;
}

static int liox_nl_finish_cb(struct nl_msg *msg, void *arg)
{
	struct liox_nl_ctx *ctx = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	/*
	 * A dump that fails (EOPNOTSUPP from the core's dispatcher when no
	 * capability serves the command, or the capability's own error)
	 * ends with NLMSG_DONE carrying the negative errno; libnl does not
	 * look at it.
	 */
	if (nlh->nlmsg_type == NLMSG_DONE &&
	    nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0)
			ctx->err = err;
	}
	ctx->done = 1;
	return NL_STOP;
}

static int liox_nl_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *err,
			    void *arg)
{
	struct liox_nl_ctx *ctx = arg;

	(void)nla;
	ctx->err = err->error;
	ctx->done = 1;
	return NL_STOP;
}

int liox_nl_call(struct liox_nl *nl, uint8_t cmd, int flags,
		 liox_nl_fill_fn fill, void *fill_arg,
		 liox_nl_parse_fn parse, void *parse_arg)
{
	struct liox_nl_ctx ctx = { .parse = parse, .arg = parse_arg };
	struct nl_msg *msg;
	struct nl_cb *cb;
	int ret;

	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		ret = -ENOMEM;
		goto out_free_msg;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, LIOX_GENL_VERSION)) {
		ret = -EMSGSIZE;
		goto out_free_cb;
	}
	if (fill) {
		ret = fill(msg, fill_arg);
		if (ret < 0)
			goto out_free_cb;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, liox_nl_valid_cb, &ctx);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, liox_nl_finish_cb, &ctx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, liox_nl_finish_cb, &ctx);
	nl_cb_err(cb, NL_CB_CUSTOM, liox_nl_error_cb, &ctx);

	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		ret = liox_nl_errno(ret);
		goto out_free_cb;
	}
	while (!ctx.done && !ctx.err) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret < 0 && !ctx.err)
			ctx.err = liox_nl_errno(ret);
	}
	ret = ctx.err;
out_free_cb:
	nl_cb_put(cb);
out_free_msg:
	nlmsg_free(msg);
	return ret;
}

int liox_nl_events_join(struct liox_nl *nl)
{
	int ret = nl_socket_add_membership(nl->sk, nl->events_group);

	return ret < 0 ? liox_nl_errno(ret) : 0;
}

int liox_nl_event_wait(struct liox_nl *nl, int timeout_ms,
		       liox_nl_parse_fn parse, void *parse_arg)
{
	struct liox_nl_ctx ctx = { .parse = parse, .arg = parse_arg };
	struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
	struct nl_cb *cb;
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return -errno;
	if (ret == 0)
		return 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, liox_nl_valid_cb, &ctx);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, liox_nl_noop_cb, NULL);
	ret = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (ctx.err)
		return ctx.err;
	if (ret < 0)
		return liox_nl_errno(ret);
	return ctx.seen ? 1 : 0;
}

int liox_nl_parse_nested(struct nlattr **tb, struct nlattr *nest)
{
	return liox_nl_parse_nest(tb, LIOX_ATTR_MAX, nest, liox_nl_policy);
}

int liox_nl_parse_nest(struct nlattr **tb, int maxtype, struct nlattr *nest,
		       const struct nla_policy *policy)
{
	return nla_parse_nested(tb, maxtype, nest, policy) < 0 ? -EBADMSG : 0;
}
