// SPDX-License-Identifier: GPL-2.0
/*
 * Port groups in configfs:
 *
 *   xcopy/port_groups/<group>/{copies,bytes,failures,fallbacks}
 *   xcopy/port_groups/<group>/target_ports/<name>/{fabric,wwn,tpgt}
 *   xcopy/port_groups/<group>/initiator_ports/<name>/{host,stable_name,
 *                                           copies,bytes,failures,fallbacks}
 *
 * A copy that arrives on a target port listed in a group may reach remote
 * copy targets through that group's initiator ports, tried in the order
 * they were created. A target port in no group only copies between local
 * LUNs. One mutex guards the groups, their port lists and the settings.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <target/target_core_fabric.h>
#include <liox/attr.h>
#include <liox/name.h>
#include "xcopy_pg.h"

static LIST_HEAD(liox_xcopy_pgs);
static DEFINE_MUTEX(liox_xcopy_pg_lock);
static struct config_group liox_xcopy_pgs_group;

static ssize_t liox_xcopy_pstat_show(char *page, atomic64_t *v)
{
	return sysfs_emit(page, "%lld\n", atomic64_read(v));
}

/* ---- target_ports/<name> ---- */

static struct liox_xcopy_tport *to_tport(struct config_item *item)
{
	return container_of(item, struct liox_xcopy_tport, item);
}

static ssize_t liox_xcopy_tport_fabric_show(struct config_item *item,
					    char *page)
{
	ssize_t ret;

	mutex_lock(&liox_xcopy_pg_lock);
	ret = sysfs_emit(page, "%s\n", to_tport(item)->fabric);
	mutex_unlock(&liox_xcopy_pg_lock);
	return ret;
}

static ssize_t liox_xcopy_tport_fabric_store(struct config_item *item,
					     const char *page, size_t count)
{
	char buf[LIOX_XCOPY_FABRIC_MAX];

	if (liox_attr_parse_name(page, count, buf, sizeof(buf)))
		return -EINVAL;
	mutex_lock(&liox_xcopy_pg_lock);
	strscpy(to_tport(item)->fabric, buf, LIOX_XCOPY_FABRIC_MAX);
	mutex_unlock(&liox_xcopy_pg_lock);
	return count;
}

/* A WWN: 1..223 characters of [A-Za-z0-9._:,-] (iqn., naa., FC WWPNs). */
static int liox_xcopy_parse_wwn(const char *page, size_t count, char *out)
{
	size_t len = count, i;

	if (len && page[len - 1] == '\n')
		len--;
	if (!len || len >= LIOX_XCOPY_WWN_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!isalnum(page[i]) && !strchr("._:,-", page[i]))
			return -EINVAL;
	}
	memcpy(out, page, len);
	out[len] = '\0';
	return 0;
}

static ssize_t liox_xcopy_tport_wwn_show(struct config_item *item, char *page)
{
	ssize_t ret;

	mutex_lock(&liox_xcopy_pg_lock);
	ret = sysfs_emit(page, "%s\n", to_tport(item)->wwn);
	mutex_unlock(&liox_xcopy_pg_lock);
	return ret;
}

static ssize_t liox_xcopy_tport_wwn_store(struct config_item *item,
					  const char *page, size_t count)
{
	char buf[LIOX_XCOPY_WWN_MAX];

	if (liox_xcopy_parse_wwn(page, count, buf))
		return -EINVAL;
	mutex_lock(&liox_xcopy_pg_lock);
	strscpy(to_tport(item)->wwn, buf, LIOX_XCOPY_WWN_MAX);
	mutex_unlock(&liox_xcopy_pg_lock);
	return count;
}

static ssize_t liox_xcopy_tport_tpgt_show(struct config_item *item, char *page)
{
	int tpgt = READ_ONCE(to_tport(item)->tpgt);

	return tpgt < 0 ? sysfs_emit(page, "\n") : sysfs_emit(page, "%d\n", tpgt);
}

static ssize_t liox_xcopy_tport_tpgt_store(struct config_item *item,
					   const char *page, size_t count)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, 0, U16_MAX, &val))
		return -EINVAL;
	WRITE_ONCE(to_tport(item)->tpgt, val);
	return count;
}

CONFIGFS_ATTR(liox_xcopy_tport_, fabric);
CONFIGFS_ATTR(liox_xcopy_tport_, wwn);
CONFIGFS_ATTR(liox_xcopy_tport_, tpgt);

static struct configfs_attribute *liox_xcopy_tport_attrs[] = {
	&liox_xcopy_tport_attr_fabric,
	&liox_xcopy_tport_attr_wwn,
	&liox_xcopy_tport_attr_tpgt,
	NULL,
};

static void liox_xcopy_tport_release(struct config_item *item)
{
	kfree(to_tport(item));
}

static struct configfs_item_operations liox_xcopy_tport_ops = {
	.release	= liox_xcopy_tport_release,
};

static const struct config_item_type liox_xcopy_tport_type = {
	.ct_item_ops	= &liox_xcopy_tport_ops,
	.ct_attrs	= liox_xcopy_tport_attrs,
	.ct_owner	= THIS_MODULE,
};

/* ---- initiator_ports/<name> ---- */

static struct liox_xcopy_iport *to_iport(struct config_item *item)
{
	return container_of(item, struct liox_xcopy_iport, item);
}

static ssize_t liox_xcopy_iport_host_show(struct config_item *item, char *page)
{
	int host = READ_ONCE(to_iport(item)->host);

	return host < 0 ? sysfs_emit(page, "\n") : sysfs_emit(page, "%d\n", host);
}

/* a host number replaces the stable name */
static ssize_t liox_xcopy_iport_host_store(struct config_item *item,
					   const char *page, size_t count)
{
	struct liox_xcopy_iport *ip = to_iport(item);
	u32 val;

	if (liox_attr_parse_u32(page, count, 0, INT_MAX, &val))
		return -EINVAL;
	mutex_lock(&liox_xcopy_pg_lock);
	WRITE_ONCE(ip->host, val);
	ip->name.kind = LIOX_PORTNAME_NONE;
	mutex_unlock(&liox_xcopy_pg_lock);
	return count;
}

static ssize_t liox_xcopy_iport_stable_name_show(struct config_item *item,
						 char *page)
{
	struct liox_xcopy_iport *ip = to_iport(item);
	size_t len;

	mutex_lock(&liox_xcopy_pg_lock);
	len = liox_xcopy_portname_format(&ip->name, page, PAGE_SIZE - 1);
	mutex_unlock(&liox_xcopy_pg_lock);
	page[len] = '\n';
	return len + 1;
}

/* a stable name replaces the host number */
static ssize_t liox_xcopy_iport_stable_name_store(struct config_item *item,
						  const char *page,
						  size_t count)
{
	struct liox_xcopy_iport *ip = to_iport(item);
	struct liox_xcopy_portname name;

	if (liox_xcopy_portname_parse(page, count, &name))
		return -EINVAL;
	mutex_lock(&liox_xcopy_pg_lock);
	ip->name = name;
	WRITE_ONCE(ip->host, -1);
	mutex_unlock(&liox_xcopy_pg_lock);
	return count;
}

static ssize_t liox_xcopy_iport_copies_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_iport(item)->stats.copies);
}

static ssize_t liox_xcopy_iport_bytes_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_iport(item)->stats.bytes);
}

static ssize_t liox_xcopy_iport_failures_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_iport(item)->stats.failures);
}

static ssize_t liox_xcopy_iport_fallbacks_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_iport(item)->stats.fallbacks);
}

CONFIGFS_ATTR_RO(liox_xcopy_iport_, copies);
CONFIGFS_ATTR_RO(liox_xcopy_iport_, bytes);
CONFIGFS_ATTR_RO(liox_xcopy_iport_, failures);
CONFIGFS_ATTR_RO(liox_xcopy_iport_, fallbacks);
CONFIGFS_ATTR(liox_xcopy_iport_, host);
CONFIGFS_ATTR(liox_xcopy_iport_, stable_name);

static struct configfs_attribute *liox_xcopy_iport_attrs[] = {
	&liox_xcopy_iport_attr_host,
	&liox_xcopy_iport_attr_stable_name,
	&liox_xcopy_iport_attr_copies,
	&liox_xcopy_iport_attr_bytes,
	&liox_xcopy_iport_attr_failures,
	&liox_xcopy_iport_attr_fallbacks,
	NULL,
};

static void liox_xcopy_iport_release(struct config_item *item)
{
	kfree(to_iport(item));
}

static struct configfs_item_operations liox_xcopy_iport_ops = {
	.release	= liox_xcopy_iport_release,
};

static const struct config_item_type liox_xcopy_iport_type = {
	.ct_item_ops	= &liox_xcopy_iport_ops,
	.ct_attrs	= liox_xcopy_iport_attrs,
	.ct_owner	= THIS_MODULE,
};

/* ---- port_groups/<group> ---- */

static struct liox_xcopy_pg *to_pg(struct config_item *item)
{
	return container_of(to_config_group(item), struct liox_xcopy_pg, group);
}

static struct config_item *
liox_xcopy_tports_make(struct config_group *group, const char *name)
{
	struct liox_xcopy_pg *pg = container_of(group, struct liox_xcopy_pg,
						tports_group);
	struct liox_xcopy_tport *tp;

	if (!liox_name_valid(name, strlen(name)))
		return ERR_PTR(-EINVAL);
	tp = kzalloc(sizeof(*tp), GFP_KERNEL);
	if (!tp)
		return ERR_PTR(-ENOMEM);
	tp->tpgt = -1;
	config_item_init_type_name(&tp->item, name, &liox_xcopy_tport_type);
	mutex_lock(&liox_xcopy_pg_lock);
	list_add_tail(&tp->node, &pg->tports);
	mutex_unlock(&liox_xcopy_pg_lock);
	return &tp->item;
}

static void liox_xcopy_tports_drop(struct config_group *group,
				   struct config_item *item)
{
	mutex_lock(&liox_xcopy_pg_lock);
	list_del(&to_tport(item)->node);
	mutex_unlock(&liox_xcopy_pg_lock);
	config_item_put(item);
}

static struct config_item *
liox_xcopy_iports_make(struct config_group *group, const char *name)
{
	struct liox_xcopy_pg *pg = container_of(group, struct liox_xcopy_pg,
						iports_group);
	struct liox_xcopy_iport *ip;

	if (!liox_name_valid(name, strlen(name)))
		return ERR_PTR(-EINVAL);
	ip = kzalloc(sizeof(*ip), GFP_KERNEL);
	if (!ip)
		return ERR_PTR(-ENOMEM);
	ip->host = -1;
	config_item_init_type_name(&ip->item, name, &liox_xcopy_iport_type);
	mutex_lock(&liox_xcopy_pg_lock);
	if (pg->n_iports == LIOX_XCOPY_MAX_PORTS) {
		mutex_unlock(&liox_xcopy_pg_lock);
		kfree(ip);
		return ERR_PTR(-ENOSPC);
	}
	pg->n_iports++;
	list_add_tail(&ip->node, &pg->iports);
	mutex_unlock(&liox_xcopy_pg_lock);
	return &ip->item;
}

static void liox_xcopy_iports_drop(struct config_group *group,
				   struct config_item *item)
{
	struct liox_xcopy_pg *pg = container_of(group, struct liox_xcopy_pg,
						iports_group);

	mutex_lock(&liox_xcopy_pg_lock);
	list_del(&to_iport(item)->node);
	pg->n_iports--;
	mutex_unlock(&liox_xcopy_pg_lock);
	config_item_put(item);
}

static struct configfs_group_operations liox_xcopy_tports_ops = {
	.make_item	= liox_xcopy_tports_make,
	.drop_item	= liox_xcopy_tports_drop,
};

static const struct config_item_type liox_xcopy_tports_type = {
	.ct_group_ops	= &liox_xcopy_tports_ops,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_group_operations liox_xcopy_iports_ops = {
	.make_item	= liox_xcopy_iports_make,
	.drop_item	= liox_xcopy_iports_drop,
};

static const struct config_item_type liox_xcopy_iports_type = {
	.ct_group_ops	= &liox_xcopy_iports_ops,
	.ct_owner	= THIS_MODULE,
};

static ssize_t liox_xcopy_pg_copies_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_pg(item)->stats.copies);
}

static ssize_t liox_xcopy_pg_bytes_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_pg(item)->stats.bytes);
}

static ssize_t liox_xcopy_pg_failures_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_pg(item)->stats.failures);
}

static ssize_t liox_xcopy_pg_fallbacks_show(struct config_item *item, char *page)
{
	return liox_xcopy_pstat_show(page, &to_pg(item)->stats.fallbacks);
}

CONFIGFS_ATTR_RO(liox_xcopy_pg_, copies);
CONFIGFS_ATTR_RO(liox_xcopy_pg_, bytes);
CONFIGFS_ATTR_RO(liox_xcopy_pg_, failures);
CONFIGFS_ATTR_RO(liox_xcopy_pg_, fallbacks);

static struct configfs_attribute *liox_xcopy_pg_attrs[] = {
	&liox_xcopy_pg_attr_copies,
	&liox_xcopy_pg_attr_bytes,
	&liox_xcopy_pg_attr_failures,
	&liox_xcopy_pg_attr_fallbacks,
	NULL,
};

static void liox_xcopy_pg_release(struct config_item *item)
{
	kfree(to_pg(item));
}

static struct configfs_item_operations liox_xcopy_pg_ops = {
	.release	= liox_xcopy_pg_release,
};

static const struct config_item_type liox_xcopy_pg_type = {
	.ct_item_ops	= &liox_xcopy_pg_ops,
	.ct_attrs	= liox_xcopy_pg_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *
liox_xcopy_pgs_make(struct config_group *group, const char *name)
{
	struct liox_xcopy_pg *pg;

	/* the name must fit the C0h descriptor that selects the group */
	if (strlen(name) >= LIOX_XCOPY_PG_NAME_MAX ||
	    !liox_name_valid(name, strlen(name)))
		return ERR_PTR(-EINVAL);
	pg = kzalloc(sizeof(*pg), GFP_KERNEL);
	if (!pg)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&pg->tports);
	INIT_LIST_HEAD(&pg->iports);
	config_group_init_type_name(&pg->group, name, &liox_xcopy_pg_type);
	config_group_init_type_name(&pg->tports_group, "target_ports",
				    &liox_xcopy_tports_type);
	configfs_add_default_group(&pg->tports_group, &pg->group);
	config_group_init_type_name(&pg->iports_group, "initiator_ports",
				    &liox_xcopy_iports_type);
	configfs_add_default_group(&pg->iports_group, &pg->group);
	mutex_lock(&liox_xcopy_pg_lock);
	list_add_tail(&pg->node, &liox_xcopy_pgs);
	mutex_unlock(&liox_xcopy_pg_lock);
	return &pg->group;
}

static void liox_xcopy_pgs_drop(struct config_group *group,
				struct config_item *item)
{
	mutex_lock(&liox_xcopy_pg_lock);
	list_del(&to_pg(item)->node);
	mutex_unlock(&liox_xcopy_pg_lock);
	config_item_put(item);
}

static struct configfs_group_operations liox_xcopy_pgs_ops = {
	.make_group	= liox_xcopy_pgs_make,
	.drop_item	= liox_xcopy_pgs_drop,
};

static const struct config_item_type liox_xcopy_pgs_type = {
	.ct_group_ops	= &liox_xcopy_pgs_ops,
	.ct_owner	= THIS_MODULE,
};

/**
 * liox_xcopy_pg_init() - the port_groups group, to add under xcopy/
 */
struct config_group *liox_xcopy_pg_init(void)
{
	config_group_init_type_name(&liox_xcopy_pgs_group, "port_groups",
				    &liox_xcopy_pgs_type);
	return &liox_xcopy_pgs_group;
}

static bool liox_xcopy_tport_matches(const struct liox_xcopy_tport *tp,
				     struct se_portal_group *tpg)
{
	const struct target_core_fabric_ops *tfo = tpg->se_tpg_tfo;

	return tp->tpgt >= 0 && tp->tpgt == tfo->tpg_get_tag(tpg) &&
	       !strcasecmp(tp->fabric, tfo->fabric_name) &&
	       !strcmp(tp->wwn, tfo->tpg_get_wwn(tpg));
}

static bool liox_xcopy_pg_has_tport(struct liox_xcopy_pg *pg,
				    struct se_portal_group *tpg)
{
	struct liox_xcopy_tport *tp;

	list_for_each_entry(tp, &pg->tports, node) {
		if (liox_xcopy_tport_matches(tp, tpg))
			return true;
	}
	return false;
}

/**
 * liox_xcopy_pg_bind() - the initiator ports a copy may use
 * @tpg: the target port the EXTENDED COPY arrived on
 * @name: port group the parameter list names (C0h), or NULL for the
 *	first group that lists @tpg
 * @b: filled with references to the group and its initiator ports, in
 *	creation order; ports with neither a host number nor a stable
 *	name are not members
 *
 * Return: 0, -ENOENT when there is no such group (or, without @name, no
 * group lists @tpg: the copy is local only), -EACCES when the named group
 * does not list @tpg.
 */
int liox_xcopy_pg_bind(struct se_portal_group *tpg, const char *name,
		       struct liox_xcopy_binding *b)
{
	struct liox_xcopy_iport *ip;
	struct liox_xcopy_pg *pg;
	int ret = -ENOENT;

	memset(b, 0, sizeof(*b));
	mutex_lock(&liox_xcopy_pg_lock);
	list_for_each_entry(pg, &liox_xcopy_pgs, node) {
		if (name && strcmp(config_item_name(&pg->group.cg_item), name))
			continue;
		if (liox_xcopy_pg_has_tport(pg, tpg)) {
			ret = 0;
			break;
		}
		if (name) {
			ret = -EACCES;
			break;
		}
	}
	if (ret)
		goto out_unlock;
	b->pg = pg;
	config_group_get(&pg->group);
	list_for_each_entry(ip, &pg->iports, node) {
		config_item_get(&ip->item);
		b->port[b->n_ports] = ip;
		if (ip->host >= 0 || ip->name.kind != LIOX_PORTNAME_NONE)
			__set_bit(b->n_ports, b->member);
		b->n_ports++;
	}
out_unlock:
	mutex_unlock(&liox_xcopy_pg_lock);
	return ret;
}

/**
 * liox_xcopy_pg_unbind() - drop what liox_xcopy_pg_bind() took
 * @b: a binding (may be empty)
 */
void liox_xcopy_pg_unbind(struct liox_xcopy_binding *b)
{
	unsigned int i;

	for (i = 0; i < b->n_ports; i++)
		config_item_put(&b->port[i]->item);
	if (b->pg)
		config_group_put(&b->pg->group);
	b->pg = NULL;
	b->n_ports = 0;
}

/**
 * liox_xcopy_pg_port_name() - configfs name of a bound initiator port
 * @b: the binding
 * @port: index in @b
 */
const char *liox_xcopy_pg_port_name(const struct liox_xcopy_binding *b,
				    int port)
{
	if (port < 0 || port >= b->n_ports)
		return "-";
	return config_item_name(&b->port[port]->item);
}

/**
 * liox_xcopy_pg_port_host() - how a bound initiator port is configured now
 * @b: the binding
 * @port: index in @b
 * @name: its stable name, kind LIOX_PORTNAME_NONE when by host number
 *
 * A port's setting may change while a copy runs; each probe uses the
 * current one. Return: the SCSI host number, or -1.
 */
int liox_xcopy_pg_port_host(const struct liox_xcopy_binding *b, int port,
			    struct liox_xcopy_portname *name)
{
	const struct liox_xcopy_iport *ip = b->port[port];
	int host;

	mutex_lock(&liox_xcopy_pg_lock);
	host = ip->host;
	*name = ip->name;
	mutex_unlock(&liox_xcopy_pg_lock);
	return host;
}

/**
 * liox_xcopy_pg_walk() - visit the port groups, for netlink dumps
 * @fn: called with the port-group lock held; an error stops the walk
 * @arg: passed to @fn
 * @pos: in: groups to pass over (visited by an earlier call); out: the
 *	index of the group @fn failed on, or the number of groups
 *
 * Return: 0 when every group was visited, else @fn's error.
 */
int liox_xcopy_pg_walk(int (*fn)(struct liox_xcopy_pg *pg, void *arg),
		       void *arg, unsigned long *pos)
{
	struct liox_xcopy_pg *pg;
	unsigned long i = 0;
	int ret = 0;

	mutex_lock(&liox_xcopy_pg_lock);
	list_for_each_entry(pg, &liox_xcopy_pgs, node) {
		if (i >= *pos) {
			ret = fn(pg, arg);
			if (ret)
				break;
		}
		i++;
	}
	mutex_unlock(&liox_xcopy_pg_lock);
	*pos = i;
	return ret;
}
