// SPDX-License-Identifier: GPL-2.0
/*
 * The network half of a mirror, as a whole: set up when the mirror is
 * enabled with a peer address, torn down when it is disabled
 * (mirror_net.h lists the threads and files).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/random.h>
#include "mirror_net.h"

static void liox_mirror_net_init_conns(struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c;
	unsigned int i;

	for (i = 0; i < LIOX_MIRROR_CONNS_MAX; i++) {
		c = &net->conn[i];
		c->net = net;
		c->index = i;
		mutex_init(&c->tx_lock);
		spin_lock_init(&c->tx_qlock);
		INIT_LIST_HEAD(&c->tx_queue);
		INIT_WORK(&c->tx_work, liox_mirror_repl_tx_work);
		INIT_WORK(&c->ping_work, liox_mirror_watch_ping_work);
		spin_lock_init(&c->pw_lock);
		INIT_LIST_HEAD(&c->pwrites);
		INIT_LIST_HEAD(&c->pw_done);
		init_waitqueue_head(&c->pw_wq);
		INIT_WORK(&c->ack_work, liox_mirror_repl_ack_work);
		INIT_WORK(&c->flush_work, liox_mirror_repl_flush_work);
	}
}

static void liox_mirror_net_addr(const struct sockaddr_storage *addr,
				 u16 port, struct sockaddr_storage *out)
{
	*out = *addr;
	if (out->ss_family == AF_INET6)
		((struct sockaddr_in6 *)out)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)out)->sin_port = htons(port);
}

/* @m->net as the shows see it: once they no longer read it, it may go. */
static void liox_mirror_net_publish(struct liox_mirror *m,
				    struct liox_mirror_net *net)
{
	down_write(&m->show_lock);
	m->net = net;
	up_write(&m->show_lock);
}

/**
 * liox_mirror_net_start() - heartbeats and the link of an enabled mirror
 * @m: the mirror; without a peer address it stays standalone
 *
 * Return: 0 or a negative errno (the local ports in use, no HMAC or
 * SHA-256 in the kernel, no memory).
 */
int liox_mirror_net_start(struct liox_mirror *m)
{
	struct liox_mirror_net *net;
	int i, ret;

	if (!m->cfg.peer_addr.ss_family)
		return 0;
	if (m->cfg.local_addr.ss_family != m->cfg.peer_addr.ss_family) {
		pr_err("%s: local_addr must be set, of the peer address's family\n",
		       m->name);
		return -EINVAL;
	}
	if (m->bm.region_size > LIOX_MIRROR_WIRE_MAX_PAYLOAD) {
		pr_err("%s: regions above %lu KiB cannot be mirrored\n",
		       m->name, LIOX_MIRROR_WIRE_MAX_PAYLOAD >> 10);
		return -EINVAL;
	}
	net = kzalloc(sizeof(*net), GFP_KERNEL);
	if (!net)
		return -ENOMEM;
	net->m = m;
	liox_mirror_net_addr(&m->cfg.local_addr, m->cfg.local_port, &net->local);
	liox_mirror_net_addr(&m->cfg.peer_addr, m->cfg.peer_port, &net->peer);
	net->n_conns = m->cfg.conns;
	net->node_id = get_random_u32() ?: 1;
	init_waitqueue_head(&net->link_wq);
	spin_lock_init(&net->promote_lock);
	init_waitqueue_head(&net->promote_wq);
	init_rwsem(&net->link_rwsem);
	INIT_WORK(&net->shut_work, liox_mirror_link_shut_work);
	mutex_init(&net->sock_lock);
	xa_init(&net->reqs);
	init_waitqueue_head(&net->reqs_wq);
	spin_lock_init(&net->rs_lock);
	for (i = 0; i <= LIOX_MIRROR_RESYNC_WINDOW; i++)
		net->rs_locked[i] = U64_MAX;
	init_waitqueue_head(&net->rs_wq);
	liox_mirror_net_init_conns(net);
	ret = liox_mirror_pool_init(&net->pool);
	if (ret)
		goto err_free;

	ret = liox_mirror_auth_init(net);
	if (ret)
		goto err_pool_destroy;
	ret = liox_mirror_verify_init(net);
	if (ret)
		goto err_auth_exit;
	ret = liox_mirror_unflushed_init(net);
	if (ret)
		goto err_verify_exit;
	ret = liox_mirror_hbnet_start(net);
	if (ret)
		goto err_unflushed_exit;
	ret = liox_mirror_link_start(net);
	if (ret)
		goto err_hbnet_stop;
	/*
	 * Only now for the shows (hb_lock is set up): the threads use @net,
	 * and the device that reads m->net comes after.
	 */
	liox_mirror_net_publish(m, net);
	liox_mirror_set_state(m, LIOX_MIRROR_PEER_DOWN);
	return 0;

err_hbnet_stop:
	liox_mirror_hbnet_stop(net);
err_unflushed_exit:
	liox_mirror_unflushed_exit(net);
err_verify_exit:
	liox_mirror_verify_exit(net);
err_auth_exit:
	liox_mirror_auth_exit(net);
err_pool_destroy:
	liox_mirror_pool_destroy(&net->pool);
err_free:
	kfree(net);
	pr_err("%s: cannot start the network half: %d\n", m->name, ret);
	return ret;
}

/**
 * liox_mirror_net_stop() - stop the link and heartbeats, free the half
 * @m: the mirror, its block device gone (no write in flight)
 */
void liox_mirror_net_stop(struct liox_mirror *m)
{
	struct liox_mirror_net *net = m->net;
	unsigned int i;

	if (!net)
		return;
	liox_mirror_link_stop(net);
	liox_mirror_hbnet_stop(net);
	/* the heartbeat thread queued pings; each sent nothing once down */
	for (i = 0; i < LIOX_MIRROR_CONNS_MAX; i++)
		cancel_work_sync(&net->conn[i].ping_work);
	liox_mirror_unflushed_exit(net);
	liox_mirror_verify_exit(net);
	liox_mirror_auth_exit(net);
	xa_destroy(&net->reqs);
	liox_mirror_pool_destroy(&net->pool);
	liox_mirror_net_publish(m, NULL);
	/*
	 * Last: a failure reported after the teardown (verify's end, a
	 * flush of our own) queued it again; it shuts nothing (no socket
	 * left), but must not run on a freed @net
	 */
	cancel_work_sync(&net->shut_work);
	kfree(net);
}
