// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors in configfs: /sys/kernel/config/liox/mirrors/<name>/
 *
 *   backing peer_addr peer_port local_addr local_port conns mode
 *   hb_interval_ms hb_dead_ms probation_ms ack_timeout_ms
 *   request_timeout_ms peer_name resync_rate_kb role region_kb data_crc
 *   al_extents                                               (rw)
 *   secret verify resolve                                    (wo)
 *   enable                                                   (rw, the gate)
 *   state size_sectors dirty_regions generation reads writes read_bytes
 *   write_bytes io_errors refused_writes md_commits md_errors (ro)
 *   peer_heartbeat connections verify_running verify_done verify_total
 *   verify_diffs resync_done resync_total connects peer_deaths malformed
 *   auth_failures sent_bytes recv_bytes resync_bytes peer_errors
 *                                              (ro, the network half)
 *
 * mkdir makes a disabled mirror, rmdir removes it (EBUSY while enabled).
 * A value the kernel refuses returns EINVAL and changes nothing; settings
 * return EBUSY while the mirror is enabled, except the five timers and
 * resync_rate_kb, which the network half reads each time it needs them,
 * and role, which may change while enabled under the rules of
 * liox_mirror_role_store(). The shows take show_lock, not cfg_lock (a
 * role change holds that while it waits for the peer); the stores of
 * strings take both. The network half's values come from m->net, read
 * under show_lock (enable and disable set and clear it under it);
 * without it (disabled, or no peer) they show 0, "-" or "disabled", and
 * they start from 0 at each enable.
 * Documentation/configfs.rst and ipmirror.rst list them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/string.h>
#include <liox/attr.h>
#include <liox/name.h>
#include "mirror_net.h"

static struct config_group liox_mirrors_group;

static struct liox_mirror *to_mirror(struct config_item *item)
{
	return container_of(to_config_group(item), struct liox_mirror, group);
}

/* Strip one trailing newline; refuse empty values and embedded NULs. */
static int liox_mirror_cfs_value(const char *page, size_t count, size_t max,
				 size_t *len)
{
	if (count && page[count - 1] == '\n')
		count--;
	if (!count || count > max || memchr(page, '\0', count) ||
	    memchr(page, '\n', count))
		return -EINVAL;
	*len = count;
	return 0;
}

/* Store @val in @field under cfg_lock, unless enabled and not @online. */
static ssize_t liox_mirror_cfs_set_u32(struct liox_mirror *m, u32 *field,
				       u32 val, bool online, size_t count)
{
	ssize_t ret = count;

	mutex_lock(&m->cfg_lock);
	if (m->enabled && !online)
		ret = -EBUSY;
	else
		WRITE_ONCE(*field, val);
	mutex_unlock(&m->cfg_lock);
	return ret;
}

/*
 * Copy @size bytes of @val into @field, a setting the shows read under
 * show_lock (strings, addresses), unless enabled (EBUSY).
 */
static ssize_t liox_mirror_cfs_set_offline(struct liox_mirror *m, void *field,
					   const void *val, size_t size,
					   size_t count)
{
	ssize_t ret = count;

	mutex_lock(&m->cfg_lock);
	if (m->enabled) {
		ret = -EBUSY;
	} else {
		down_write(&m->show_lock);
		memcpy(field, val, size);
		up_write(&m->show_lock);
	}
	mutex_unlock(&m->cfg_lock);
	return ret;
}

static ssize_t liox_mirror_cfs_u32_store(struct config_item *item,
					 const char *page, size_t count,
					 u32 min, u32 max, bool online,
					 u32 *field)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, min, max, &val))
		return -EINVAL;
	return liox_mirror_cfs_set_u32(to_mirror(item), field, val, online,
				       count);
}

/* The show of the u32 setting cfg._name. */
#define LIOX_MIRROR_CFS_U32_SHOW(_name)					\
static ssize_t liox_mirror_##_name##_show(struct config_item *item,	\
					  char *page)			\
{									\
	return sysfs_emit(page, "%u\n",					\
			  READ_ONCE(to_mirror(item)->cfg._name));	\
}

/*
 * The store of the u32 setting cfg._name: in [_min, _max]; _online: it may
 * change while the mirror is enabled (else EBUSY).
 */
#define LIOX_MIRROR_CFS_U32_STORE(_name, _min, _max, _online)		\
static ssize_t liox_mirror_##_name##_store(struct config_item *item,	\
					   const char *page, size_t count) \
{									\
	return liox_mirror_cfs_u32_store(item, page, count, _min, _max,	\
					 _online,			\
					 &to_mirror(item)->cfg._name);	\
}

/* ---- settings ---- */

static ssize_t liox_mirror_backing_show(struct config_item *item, char *page)
{
	struct liox_mirror *m = to_mirror(item);
	ssize_t ret;

	down_read(&m->show_lock);
	ret = sysfs_emit(page, "%s\n", m->cfg.backing);
	up_read(&m->show_lock);
	return ret;
}

/* An absolute path of a block device, opened at enable time. */
static ssize_t liox_mirror_backing_store(struct config_item *item,
					 const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	char path[LIOX_MIRROR_PATH_MAX] = "";
	size_t len;

	if (liox_mirror_cfs_value(page, count, LIOX_MIRROR_PATH_MAX - 1, &len) ||
	    page[0] != '/')
		return -EINVAL;
	memcpy(path, page, len);
	return liox_mirror_cfs_set_offline(m, m->cfg.backing, path, sizeof(path),
					   count);
}

static ssize_t liox_mirror_peer_name_show(struct config_item *item,
					  char *page)
{
	struct liox_mirror *m = to_mirror(item);
	ssize_t ret;

	down_read(&m->show_lock);
	ret = sysfs_emit(page, "%s\n", m->cfg.peer_name);
	up_read(&m->show_lock);
	return ret;
}

/* the peer's name of this mirror; "" (a lone newline) for our own */
static ssize_t liox_mirror_peer_name_store(struct config_item *item,
					   const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	char name[LIOX_MIRROR_NAME_MAX] = "";

	if (!(count == 1 && page[0] == '\n') &&
	    liox_attr_parse_name(page, count, name, sizeof(name)))
		return -EINVAL;
	return liox_mirror_cfs_set_offline(m, m->cfg.peer_name, name,
					   sizeof(name), count);
}

/* may change while enabled: the resync reads it for every region */
LIOX_MIRROR_CFS_U32_SHOW(resync_rate_kb);

/* Online; a resync pausing at the old rate takes the new one at once. */
static ssize_t liox_mirror_resync_rate_kb_store(struct config_item *item,
						const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	ssize_t ret;

	ret = liox_mirror_cfs_u32_store(item, page, count, 0, 16U << 20, true,
					&m->cfg.resync_rate_kb);
	if (ret < 0)
		return ret;
	down_read(&m->show_lock);
	if (m->net)
		wake_up_all(&m->net->rs_wq);
	up_read(&m->show_lock);
	return ret;
}

/* An IPv4 or IPv6 literal (no port, no scope). */
static int liox_mirror_parse_addr(const char *page, size_t count,
				  struct sockaddr_storage *out)
{
	struct sockaddr_storage ss = { };
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	char buf[INET6_ADDRSTRLEN];
	const char *end;
	size_t len;

	if (liox_mirror_cfs_value(page, count, sizeof(buf) - 1, &len))
		return -EINVAL;
	memcpy(buf, page, len);
	buf[len] = '\0';
	if (in4_pton(buf, len, (u8 *)&sin->sin_addr.s_addr, -1, &end) &&
	    end == buf + len) {
		sin->sin_family = AF_INET;
	} else if (in6_pton(buf, len, sin6->sin6_addr.s6_addr, -1, &end) &&
		   end == buf + len) {
		sin6->sin6_family = AF_INET6;
	} else {
		return -EINVAL;
	}
	*out = ss;
	return 0;
}

static ssize_t liox_mirror_addr_show(struct liox_mirror *m,
				     struct sockaddr_storage *addr, char *page)
{
	ssize_t ret;

	down_read(&m->show_lock);
	if (addr->ss_family)
		ret = sysfs_emit(page, "%pISc\n", addr);
	else
		ret = sysfs_emit(page, "\n");
	up_read(&m->show_lock);
	return ret;
}

static ssize_t liox_mirror_addr_store(struct liox_mirror *m,
				      struct sockaddr_storage *addr,
				      const char *page, size_t count)
{
	struct sockaddr_storage ss = { };

	/* a lone newline clears it (no peer: standalone) */
	if (!(count == 1 && page[0] == '\n') &&
	    liox_mirror_parse_addr(page, count, &ss))
		return -EINVAL;
	return liox_mirror_cfs_set_offline(m, addr, &ss, sizeof(ss), count);
}

static ssize_t liox_mirror_peer_addr_show(struct config_item *item,
					  char *page)
{
	struct liox_mirror *m = to_mirror(item);

	return liox_mirror_addr_show(m, &m->cfg.peer_addr, page);
}

static ssize_t liox_mirror_peer_addr_store(struct config_item *item,
					   const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);

	return liox_mirror_addr_store(m, &m->cfg.peer_addr, page, count);
}

static ssize_t liox_mirror_local_addr_show(struct config_item *item,
					   char *page)
{
	struct liox_mirror *m = to_mirror(item);

	return liox_mirror_addr_show(m, &m->cfg.local_addr, page);
}

static ssize_t liox_mirror_local_addr_store(struct config_item *item,
					    const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);

	return liox_mirror_addr_store(m, &m->cfg.local_addr, page, count);
}

static ssize_t liox_mirror_peer_port_show(struct config_item *item,
					  char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_mirror(item)->cfg.peer_port));
}

/* A TCP/UDP port, 1..65535, in @field under cfg_lock; EBUSY while enabled. */
static ssize_t liox_mirror_port_store(struct config_item *item, u16 *field,
				      const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	ssize_t ret = count;
	u32 val;

	if (liox_attr_parse_u32(page, count, 1, U16_MAX, &val))
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	if (m->enabled)
		ret = -EBUSY;
	else
		WRITE_ONCE(*field, val);
	mutex_unlock(&m->cfg_lock);
	return ret;
}

static ssize_t liox_mirror_peer_port_store(struct config_item *item,
					   const char *page, size_t count)
{
	return liox_mirror_port_store(item, &to_mirror(item)->cfg.peer_port,
				      page, count);
}

static ssize_t liox_mirror_local_port_show(struct config_item *item,
					   char *page)
{
	return sysfs_emit(page, "%u\n",
			  READ_ONCE(to_mirror(item)->cfg.local_port));
}

static ssize_t liox_mirror_local_port_store(struct config_item *item,
					    const char *page, size_t count)
{
	return liox_mirror_port_store(item, &to_mirror(item)->cfg.local_port,
				      page, count);
}

LIOX_MIRROR_CFS_U32_SHOW(conns);
LIOX_MIRROR_CFS_U32_STORE(conns, 1, LIOX_MIRROR_CONNS_MAX, false);
/* 0: this node does without data CRCs (the link does if both do) */
LIOX_MIRROR_CFS_U32_SHOW(data_crc);
LIOX_MIRROR_CFS_U32_STORE(data_crc, 0, 1, false);
/* slots of the activity log: as many as the header block holds */
LIOX_MIRROR_CFS_U32_SHOW(al_extents);
LIOX_MIRROR_CFS_U32_STORE(al_extents, 1, LIOX_MIRROR_MD_AL_MAX, false);

static const char * const liox_mirror_mode_names[] = {
	[LIOX_MIRROR_SYNC] = "sync",
	[LIOX_MIRROR_ASYNC] = "async",
};

static const char * const liox_mirror_role_names[] = {
	[LIOX_MIRROR_SECONDARY] = "secondary",
	[LIOX_MIRROR_PRIMARY] = "primary",
};

static ssize_t liox_mirror_mode_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  liox_mirror_mode_names[READ_ONCE(to_mirror(item)->cfg.mode)]);
}

static ssize_t liox_mirror_mode_store(struct config_item *item,
				      const char *page, size_t count)
{
	int val = sysfs_match_string(liox_mirror_mode_names, page);

	if (val < 0)
		return -EINVAL;
	return liox_mirror_cfs_set_u32(to_mirror(item),
				       &to_mirror(item)->cfg.mode, val,
				       false, count);
}

static ssize_t liox_mirror_role_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  liox_mirror_role_names[READ_ONCE(to_mirror(item)->cfg.role)]);
}

/*
 * May the role change now? Not while the link is between its handshake
 * and mirroring (the peer decided with the role announced); a promotion
 * not while the peer is connected as primary, nor without the link while
 * the peer's heartbeats come or this node has not listened for them for
 * hb_dead_ms since enable (EAGAIN), nor while this node is a resync
 * target mid-way (its data is not whole). Caller holds link_rwsem.
 */
static int liox_mirror_role_may_change(struct liox_mirror *m, bool promote)
{
	struct liox_mirror_net *net = m->net;

	if (READ_ONCE(m->md_joining)) {
		pr_warn("%s: cannot change the role while the link is being set up: try again\n",
			m->name);
		return -EBUSY;
	}
	if (!promote)
		return 0;
	if (READ_ONCE(net->mirroring) &&
	    net->peer_hello.role == LIOX_MIRROR_ROLE_PRIMARY) {
		pr_warn("%s: cannot promote: the peer is connected as primary\n",
			m->name);
		return -EBUSY;
	}
	/*
	 * Without the link, only a peer that is gone: one that is alive
	 * (heartbeats) may be primary, or promoting itself, and cannot be
	 * asked. Promote once the link is up (the peer is asked), or once
	 * its heartbeats stopped for hb_dead_ms; a node just enabled has
	 * not listened that long, and its peer may be a live primary.
	 */
	if ((!READ_ONCE(net->mirroring) || atomic_read(&net->failed)) &&
	    !liox_mirror_hbnet_silent(net)) {
		if (liox_mirror_hbnet_state(net) == LIOX_MIRROR_HB_DOWN) {
			pr_warn("%s: cannot promote yet: the peer has not been silent for hb_dead_ms: try again\n",
				m->name);
			return -EAGAIN;
		}
		pr_warn("%s: cannot promote: the peer is alive (heartbeats) but not connected: try again when the link is up\n",
			m->name);
		return -EBUSY;
	}
	if (READ_ONCE(net->sync_target)) {
		pr_warn("%s: cannot promote: a resync to this node is running\n",
			m->name);
		return -EBUSY;
	}
	return 0;
}

/*
 * secondary -> primary while enabled (a failover), when
 * liox_mirror_role_may_change() allows it and, with the link up, the peer
 * agrees (liox_mirror_promote_ask(): two secondaries promoted at once
 * must not both win). With a peer configured, F_MIRRORING goes to disk
 * before the device is writable, and goes again if the promotion then
 * fails (else a crash of this secondary would resend everything).
 * Meanwhile @net->promoting holds a link that finishes its handshake
 * back (liox_mirror_link_join() starts over), so that what was checked
 * still holds when the role changes. A peer that was asked hears the
 * outcome (STATE) either way: the caller sends it on success, this on
 * failure. Caller holds cfg_lock.
 */
static int liox_mirror_promote(struct liox_mirror *m)
{
	struct liox_mirror_net *net = m->net;
	bool asked = false, had_flag, set_flag = false;
	int ret;

	if (net) {
		ret = liox_mirror_promote_begin(net);
		if (ret)
			return ret;
		down_write(&net->link_rwsem);
		ret = liox_mirror_role_may_change(m, true);
		net->promoting = !ret;
		up_write(&net->link_rwsem);
		if (!ret)
			ret = liox_mirror_promote_ask(net, &asked);
		if (!ret) {
			/* set in memory even if it did not reach the disk */
			ret = liox_mirror_meta_swap_flag(m,
							 LIOX_MIRROR_MD_F_MIRRORING,
							 true, &had_flag);
			set_flag = !had_flag;
		}
		down_write(&net->link_rwsem);
		if (!ret && asked)
			ret = liox_mirror_promote_still_agreed(net);
		if (!ret)
			WRITE_ONCE(m->cfg.role, LIOX_MIRROR_PRIMARY);
		net->promoting = false;
		up_write(&net->link_rwsem);
		liox_mirror_promote_end(net);
		if (ret) {
			/* never primary: no write of ours the peer may lack */
			if (set_flag)
				liox_mirror_meta_set_flag(m,
							  LIOX_MIRROR_MD_F_MIRRORING,
							  false);
			if (asked)
				liox_mirror_net_role_changed(m);
			return ret;
		}
	} else {
		WRITE_ONCE(m->cfg.role, LIOX_MIRROR_PRIMARY);
	}
	set_disk_ro(m->disk, false);
	pr_info("%s: promoted to primary\n", m->name);
	return 0;
}

/*
 * primary -> secondary while enabled: only while nobody has the device
 * open (an opener may hold it for writing) and the link is not being set
 * up. The role changes under open_lock, so that a new open for writing
 * gets EROFS, and under link_rwsem. Once the peer has
 * acknowledged every write still on its way (async mode), nothing of this
 * node's is unrecorded: F_MIRRORING goes (else a crash of the secondary
 * would resend everything, or look like split brain); if the link goes
 * down meanwhile, its teardown records what is missing and clears it.
 * During a resync or verify, or if the acks take over 10 s, the flag
 * stays until the link goes down (the safe side). Caller holds cfg_lock.
 */
static int liox_mirror_demote(struct liox_mirror *m)
{
	bool open;
	int ret;

	if (m->net)
		down_write(&m->net->link_rwsem);
	ret = m->net ? liox_mirror_role_may_change(m, false) : 0;
	if (!ret) {
		spin_lock(&m->open_lock);
		open = m->open_count;
		if (!open)
			WRITE_ONCE(m->cfg.role, LIOX_MIRROR_SECONDARY);
		spin_unlock(&m->open_lock);
		if (open) {
			pr_warn("%s: cannot demote: /dev/liox/%s is open\n",
				m->name, m->name);
			ret = -EBUSY;
		}
	}
	if (m->net)
		up_write(&m->net->link_rwsem);
	if (ret)
		return ret;
	set_disk_ro(m->disk, true);
	if (m->net && liox_mirror_repl_settle(m->net))
		liox_mirror_meta_set_flag(m, LIOX_MIRROR_MD_F_MIRRORING, false);
	pr_info("%s: demoted to secondary\n", m->name);
	return 0;
}

/* Free while disabled; while enabled see promote and demote above. */
static ssize_t liox_mirror_role_store(struct config_item *item,
				      const char *page, size_t count)
{
	int val = sysfs_match_string(liox_mirror_role_names, page);
	struct liox_mirror *m = to_mirror(item);
	int ret = 0;

	if (val < 0)
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	if (!m->enabled) {
		WRITE_ONCE(m->cfg.role, val);
	} else if (val != m->cfg.role) {
		ret = val == LIOX_MIRROR_PRIMARY ? liox_mirror_promote(m) :
						   liox_mirror_demote(m);
		if (!ret)
			liox_mirror_net_role_changed(m);
	}
	mutex_unlock(&m->cfg_lock);
	return ret ? ret : count;
}

LIOX_MIRROR_CFS_U32_SHOW(hb_interval_ms);

/* Below hb_dead_ms; may change while enabled. */
static ssize_t liox_mirror_hb_interval_ms_store(struct config_item *item,
						const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	ssize_t ret = count;
	u32 val;

	if (liox_attr_parse_u32(page, count, 100, 60000, &val))
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	if (val >= m->cfg.hb_dead_ms)
		ret = -EINVAL;
	else
		WRITE_ONCE(m->cfg.hb_interval_ms, val);
	mutex_unlock(&m->cfg_lock);
	return ret;
}

LIOX_MIRROR_CFS_U32_SHOW(hb_dead_ms);

/* Above hb_interval_ms; may change while enabled. */
static ssize_t liox_mirror_hb_dead_ms_store(struct config_item *item,
					    const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	ssize_t ret = count;
	u32 val;

	if (liox_attr_parse_u32(page, count, 200, 600000, &val))
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	if (val <= m->cfg.hb_interval_ms)
		ret = -EINVAL;
	else
		WRITE_ONCE(m->cfg.hb_dead_ms, val);
	mutex_unlock(&m->cfg_lock);
	return ret;
}

LIOX_MIRROR_CFS_U32_SHOW(probation_ms);
LIOX_MIRROR_CFS_U32_STORE(probation_ms, 0, LIOX_MIRROR_TIMER_MAX, true);
LIOX_MIRROR_CFS_U32_SHOW(ack_timeout_ms);
LIOX_MIRROR_CFS_U32_STORE(ack_timeout_ms, 0, LIOX_MIRROR_TIMER_MAX, true);
LIOX_MIRROR_CFS_U32_SHOW(request_timeout_ms);
LIOX_MIRROR_CFS_U32_STORE(request_timeout_ms, 0, LIOX_MIRROR_TIMER_MAX, true);
LIOX_MIRROR_CFS_U32_SHOW(region_kb);

/* A power of two, 4 KiB..1 GiB: what the metadata format allows. */
static ssize_t liox_mirror_region_kb_store(struct config_item *item,
					   const char *page, size_t count)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, LIOX_MIRROR_REGION_MIN >> 10,
				LIOX_MIRROR_REGION_MAX >> 10, &val) ||
	    !is_power_of_2(val))
		return -EINVAL;
	return liox_mirror_cfs_set_u32(to_mirror(item),
				       &to_mirror(item)->cfg.region_kb, val,
				       false, count);
}

/* Write-only: 1..64 bytes (one trailing newline stripped); empty clears. */
static ssize_t liox_mirror_secret_store(struct config_item *item,
					const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	size_t len = count;
	ssize_t ret = count;

	if (len && page[len - 1] == '\n')
		len--;
	if (len > LIOX_MIRROR_SECRET_MAX || memchr(page, '\0', len))
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	if (m->enabled) {
		ret = -EBUSY;
	} else {
		memzero_explicit(m->cfg.secret, sizeof(m->cfg.secret));
		memcpy(m->cfg.secret, page, len);
		m->cfg.secret_len = len;
	}
	mutex_unlock(&m->cfg_lock);
	return ret;
}

static ssize_t liox_mirror_enable_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_mirror(item)->enabled));
}

static ssize_t liox_mirror_enable_store(struct config_item *item,
					const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	bool val;
	int ret;

	if (liox_attr_parse_bool(page, count, &val))
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	ret = val ? liox_mirror_enable(m) : liox_mirror_disable(m);
	mutex_unlock(&m->cfg_lock);
	return ret ? ret : count;
}

/* Write-only: 1 starts an online verify (a primary with its link up). */
static ssize_t liox_mirror_verify_store(struct config_item *item,
					const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	bool val;
	int ret;

	if (liox_attr_parse_bool(page, count, &val) || !val)
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	ret = liox_mirror_verify_start(m);
	mutex_unlock(&m->cfg_lock);
	return ret ? ret : count;
}

/*
 * Write-only: "discard" resolves a split brain on the node whose changes
 * are to be thrown away. Disabled mirrors only; a primary would start a
 * new generation at its next enable and never take the peer's data.
 */
static ssize_t liox_mirror_resolve_store(struct config_item *item,
					 const char *page, size_t count)
{
	struct liox_mirror *m = to_mirror(item);
	int ret;

	if (!sysfs_streq(page, "discard"))
		return -EINVAL;
	mutex_lock(&m->cfg_lock);
	if (m->enabled)
		ret = -EBUSY;
	else if (m->cfg.role == LIOX_MIRROR_PRIMARY)
		ret = -EPERM;
	else
		ret = liox_mirror_resolve_discard(m);
	mutex_unlock(&m->cfg_lock);
	return ret ? ret : count;
}

/* ---- state and counters ---- */

static ssize_t liox_mirror_state_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  liox_mirror_state_name(READ_ONCE(to_mirror(item)->state)));
}

static ssize_t liox_mirror_size_sectors_show(struct config_item *item,
					     char *page)
{
	return sysfs_emit(page, "%llu\n",
			  (u64)READ_ONCE(to_mirror(item)->data_sectors));
}

/* Live count while enabled; the last one written to disk otherwise. */
static ssize_t liox_mirror_dirty_regions_show(struct config_item *item,
					      char *page)
{
	struct liox_mirror *m = to_mirror(item);
	u64 dirty;

	down_read(&m->show_lock);
	dirty = liox_mirror_meta_dirty(m);
	up_read(&m->show_lock);
	return sysfs_emit(page, "%llu\n", dirty);
}

static ssize_t liox_mirror_generation_show(struct config_item *item,
					   char *page)
{
	return sysfs_emit(page, "%016llx\n",
			  READ_ONCE(to_mirror(item)->md.gens.current_gen));
}

static ssize_t liox_mirror_stat_show(char *page, atomic64_t *v)
{
	return sysfs_emit(page, "%lld\n", atomic64_read(v));
}

static ssize_t liox_mirror_reads_show(struct config_item *item, char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.reads);
}

static ssize_t liox_mirror_writes_show(struct config_item *item, char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.writes);
}

static ssize_t liox_mirror_read_bytes_show(struct config_item *item,
					   char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.read_bytes);
}

static ssize_t liox_mirror_write_bytes_show(struct config_item *item,
					    char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.write_bytes);
}

static ssize_t liox_mirror_io_errors_show(struct config_item *item,
					  char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.io_errors);
}

static ssize_t liox_mirror_refused_writes_show(struct config_item *item,
					       char *page)
{
	return liox_mirror_stat_show(page,
				     &to_mirror(item)->stats.refused_writes);
}

static ssize_t liox_mirror_md_commits_show(struct config_item *item,
					   char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.md_commits);
}

static ssize_t liox_mirror_md_errors_show(struct config_item *item,
					  char *page)
{
	return liox_mirror_stat_show(page, &to_mirror(item)->stats.md_errors);
}

/* ---- the network half (0 without it) ---- */

static ssize_t liox_mirror_net_u64_show(struct config_item *item, char *page,
					u64 (*get)(struct liox_mirror_net *net))
{
	struct liox_mirror *m = to_mirror(item);
	u64 v = 0;

	down_read(&m->show_lock);
	if (m->net)
		v = get(m->net);
	up_read(&m->show_lock);
	return sysfs_emit(page, "%llu\n", v);
}

/* an atomic64 at @off in struct liox_mirror_net */
static ssize_t liox_mirror_net_stat_show(struct config_item *item, char *page,
					 size_t off)
{
	struct liox_mirror *m = to_mirror(item);
	u64 v = 0;

	down_read(&m->show_lock);
	if (m->net)
		v = atomic64_read((atomic64_t *)((char *)m->net + off));
	up_read(&m->show_lock);
	return sysfs_emit(page, "%llu\n", v);
}

#define LIOX_MIRROR_NET_STAT(_name, _field)				\
static ssize_t liox_mirror_##_name##_show(struct config_item *item,	\
					   char *page)			\
{									\
	return liox_mirror_net_stat_show(item, page,			\
		offsetof(struct liox_mirror_net, _field));		\
}									\
CONFIGFS_ATTR_RO(liox_mirror_, _name)

LIOX_MIRROR_NET_STAT(verify_done, verify_done);
LIOX_MIRROR_NET_STAT(verify_diffs, verify_diffs);
LIOX_MIRROR_NET_STAT(resync_done, rs_done);
LIOX_MIRROR_NET_STAT(connects, stats.connects);
LIOX_MIRROR_NET_STAT(peer_deaths, stats.peer_deaths);
LIOX_MIRROR_NET_STAT(malformed, stats.malformed);
LIOX_MIRROR_NET_STAT(auth_failures, stats.auth_failures);
LIOX_MIRROR_NET_STAT(sent_bytes, stats.sent_bytes);
LIOX_MIRROR_NET_STAT(recv_bytes, stats.recv_bytes);
LIOX_MIRROR_NET_STAT(resync_bytes, stats.resync_bytes);
LIOX_MIRROR_NET_STAT(peer_errors, stats.peer_errors);

static u64 liox_mirror_get_verify_total(struct liox_mirror_net *net)
{
	return READ_ONCE(net->verify_total);
}

static u64 liox_mirror_get_verify_running(struct liox_mirror_net *net)
{
	return READ_ONCE(net->verify_running);
}

static u64 liox_mirror_get_resync_total(struct liox_mirror_net *net)
{
	return READ_ONCE(net->rs_total);
}

static ssize_t liox_mirror_verify_total_show(struct config_item *item,
					     char *page)
{
	return liox_mirror_net_u64_show(item, page,
					liox_mirror_get_verify_total);
}

static ssize_t liox_mirror_verify_running_show(struct config_item *item,
					       char *page)
{
	return liox_mirror_net_u64_show(item, page,
					liox_mirror_get_verify_running);
}

static ssize_t liox_mirror_resync_total_show(struct config_item *item,
					     char *page)
{
	return liox_mirror_net_u64_show(item, page,
					liox_mirror_get_resync_total);
}

/* The peer's liveness from its heartbeats: disabled, down, probation, up. */
static ssize_t liox_mirror_peer_heartbeat_show(struct config_item *item,
					       char *page)
{
	struct liox_mirror *m = to_mirror(item);
	enum liox_mirror_hb_state hb = LIOX_MIRROR_HB_DISABLED;

	down_read(&m->show_lock);
	if (m->net)
		hb = liox_mirror_hbnet_state(m->net);
	up_read(&m->show_lock);
	return sysfs_emit(page, "%s\n", liox_mirror_hb_state_name(hb));
}

static const char * const liox_mirror_conn_names[] = {
	[LIOX_CONN_IDLE] = "idle",
	[LIOX_CONN_HANDSHAKE] = "handshake",
	[LIOX_CONN_READY] = "ready",
	[LIOX_CONN_FAILED] = "failed",
};

/**
 * liox_mirror_conn_name() - a connection's status as configfs shows it
 * @status: enum liox_mirror_conn_status
 */
const char *liox_mirror_conn_name(unsigned int status)
{
	return status < ARRAY_SIZE(liox_mirror_conn_names) ?
	       liox_mirror_conn_names[status] : "?";
}

/**
 * liox_mirror_conn_idle_ms() - milliseconds since connection @c last
 *	received a message
 * @c: the connection
 *
 * Return: the time, or -1 when it is not up (idle, or in its handshake).
 */
s64 liox_mirror_conn_idle_ms(struct liox_mirror_conn *c)
{
	enum liox_mirror_conn_status status = READ_ONCE(c->status);

	if (status != LIOX_CONN_READY && status != LIOX_CONN_FAILED)
		return -1;
	return jiffies_to_msecs(jiffies - READ_ONCE(c->last_rx));
}

/* "<index> <status> <ms since its last message, or ->", one a line. */
static ssize_t liox_mirror_connections_show(struct config_item *item,
					    char *page)
{
	struct liox_mirror *m = to_mirror(item);
	struct liox_mirror_conn *c;
	unsigned int i;
	ssize_t len = 0;
	s64 idle;

	down_read(&m->show_lock);
	for (i = 0; m->net && i < m->net->n_conns; i++) {
		c = &m->net->conn[i];
		idle = liox_mirror_conn_idle_ms(c);
		len += sysfs_emit_at(page, len, "%u %s ", i,
				     liox_mirror_conn_name(READ_ONCE(c->status)));
		if (idle < 0)
			len += sysfs_emit_at(page, len, "-\n");
		else
			len += sysfs_emit_at(page, len, "%lld\n", idle);
	}
	up_read(&m->show_lock);
	return len;
}

CONFIGFS_ATTR(liox_mirror_, backing);
CONFIGFS_ATTR(liox_mirror_, peer_addr);
CONFIGFS_ATTR(liox_mirror_, peer_port);
CONFIGFS_ATTR(liox_mirror_, local_addr);
CONFIGFS_ATTR(liox_mirror_, local_port);
CONFIGFS_ATTR(liox_mirror_, conns);
CONFIGFS_ATTR(liox_mirror_, mode);
CONFIGFS_ATTR(liox_mirror_, data_crc);
CONFIGFS_ATTR(liox_mirror_, al_extents);
CONFIGFS_ATTR(liox_mirror_, hb_interval_ms);
CONFIGFS_ATTR(liox_mirror_, hb_dead_ms);
CONFIGFS_ATTR(liox_mirror_, probation_ms);
CONFIGFS_ATTR(liox_mirror_, ack_timeout_ms);
CONFIGFS_ATTR(liox_mirror_, request_timeout_ms);
CONFIGFS_ATTR(liox_mirror_, role);
CONFIGFS_ATTR(liox_mirror_, region_kb);
CONFIGFS_ATTR(liox_mirror_, peer_name);
CONFIGFS_ATTR(liox_mirror_, resync_rate_kb);
CONFIGFS_ATTR_WO(liox_mirror_, secret);
CONFIGFS_ATTR_WO(liox_mirror_, verify);
CONFIGFS_ATTR_WO(liox_mirror_, resolve);
CONFIGFS_ATTR(liox_mirror_, enable);
CONFIGFS_ATTR_RO(liox_mirror_, state);
CONFIGFS_ATTR_RO(liox_mirror_, size_sectors);
CONFIGFS_ATTR_RO(liox_mirror_, dirty_regions);
CONFIGFS_ATTR_RO(liox_mirror_, generation);
CONFIGFS_ATTR_RO(liox_mirror_, reads);
CONFIGFS_ATTR_RO(liox_mirror_, writes);
CONFIGFS_ATTR_RO(liox_mirror_, read_bytes);
CONFIGFS_ATTR_RO(liox_mirror_, write_bytes);
CONFIGFS_ATTR_RO(liox_mirror_, io_errors);
CONFIGFS_ATTR_RO(liox_mirror_, refused_writes);
CONFIGFS_ATTR_RO(liox_mirror_, md_commits);
CONFIGFS_ATTR_RO(liox_mirror_, md_errors);
CONFIGFS_ATTR_RO(liox_mirror_, peer_heartbeat);
CONFIGFS_ATTR_RO(liox_mirror_, connections);
CONFIGFS_ATTR_RO(liox_mirror_, verify_running);
CONFIGFS_ATTR_RO(liox_mirror_, verify_total);
CONFIGFS_ATTR_RO(liox_mirror_, resync_total);

static struct configfs_attribute *liox_mirror_attrs[] = {
	&liox_mirror_attr_backing,
	&liox_mirror_attr_peer_addr,
	&liox_mirror_attr_peer_port,
	&liox_mirror_attr_local_addr,
	&liox_mirror_attr_local_port,
	&liox_mirror_attr_conns,
	&liox_mirror_attr_mode,
	&liox_mirror_attr_data_crc,
	&liox_mirror_attr_al_extents,
	&liox_mirror_attr_hb_interval_ms,
	&liox_mirror_attr_hb_dead_ms,
	&liox_mirror_attr_probation_ms,
	&liox_mirror_attr_ack_timeout_ms,
	&liox_mirror_attr_request_timeout_ms,
	&liox_mirror_attr_peer_name,
	&liox_mirror_attr_resync_rate_kb,
	&liox_mirror_attr_role,
	&liox_mirror_attr_region_kb,
	&liox_mirror_attr_secret,
	&liox_mirror_attr_enable,
	&liox_mirror_attr_state,
	&liox_mirror_attr_size_sectors,
	&liox_mirror_attr_dirty_regions,
	&liox_mirror_attr_generation,
	&liox_mirror_attr_reads,
	&liox_mirror_attr_writes,
	&liox_mirror_attr_read_bytes,
	&liox_mirror_attr_write_bytes,
	&liox_mirror_attr_io_errors,
	&liox_mirror_attr_refused_writes,
	&liox_mirror_attr_md_commits,
	&liox_mirror_attr_md_errors,
	&liox_mirror_attr_verify,
	&liox_mirror_attr_resolve,
	&liox_mirror_attr_peer_heartbeat,
	&liox_mirror_attr_connections,
	&liox_mirror_attr_verify_running,
	&liox_mirror_attr_verify_done,
	&liox_mirror_attr_verify_total,
	&liox_mirror_attr_verify_diffs,
	&liox_mirror_attr_resync_done,
	&liox_mirror_attr_resync_total,
	&liox_mirror_attr_connects,
	&liox_mirror_attr_peer_deaths,
	&liox_mirror_attr_malformed,
	&liox_mirror_attr_auth_failures,
	&liox_mirror_attr_sent_bytes,
	&liox_mirror_attr_recv_bytes,
	&liox_mirror_attr_resync_bytes,
	&liox_mirror_attr_peer_errors,
	NULL,
};

static void liox_mirror_cfs_release(struct config_item *item)
{
	liox_mirror_put(to_mirror(item));
}

static struct configfs_item_operations liox_mirror_item_ops = {
	.release	= liox_mirror_cfs_release,
};

static const struct config_item_type liox_mirror_type = {
	.ct_item_ops	= &liox_mirror_item_ops,
	.ct_attrs	= liox_mirror_attrs,
	.ct_owner	= THIS_MODULE,
};

/* ---- mirrors/ ---- */

static struct config_group *liox_mirrors_make(struct config_group *group,
					      const char *name)
{
	size_t len = strlen(name);
	struct liox_mirror *m;

	/* the name must fit the disk name "liox!<name>" */
	if (len >= LIOX_MIRROR_NAME_MAX || !liox_name_valid(name, len))
		return ERR_PTR(-EINVAL);
	m = liox_mirror_alloc(name);
	if (!m)
		return ERR_PTR(-ENOMEM);
	config_group_init_type_name(&m->group, name, &liox_mirror_type);
	liox_mirror_list_add(m);
	return &m->group;
}

/* Only reached while disabled: enabling pins the directory. */
static void liox_mirrors_drop(struct config_group *group,
			      struct config_item *item)
{
	liox_mirror_list_del(to_mirror(item));
	config_item_put(item);
}

static struct configfs_group_operations liox_mirrors_ops = {
	.make_group	= liox_mirrors_make,
	.drop_item	= liox_mirrors_drop,
};

static const struct config_item_type liox_mirrors_type = {
	.ct_group_ops	= &liox_mirrors_ops,
	.ct_owner	= THIS_MODULE,
};

/**
 * liox_mirror_cfs_init() - the mirrors group, to register with the core
 */
struct config_group *liox_mirror_cfs_init(void)
{
	config_group_init_type_name(&liox_mirrors_group, "mirrors",
				    &liox_mirrors_type);
	return &liox_mirrors_group;
}
