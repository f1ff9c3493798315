// SPDX-License-Identifier: GPL-2.0
/*
 * Finding a SCSI host by the stable name of its port.
 *
 * The SCSI midlayer exports no way to walk its hosts, so the engine keeps
 * a list of the SCSI devices that exist, fed by a class interface on the
 * scsi_device class (add_dev/remove_dev run for every device, including
 * those present when the module loads). A host without devices cannot
 * reach a copy target anyway, so the hosts worth looking at are the
 * hosts of those devices.
 *
 * A host's name comes from its transport class:
 *  - fc_host: the port's WWPN (fc_host_port_name(), set by the HBA driver
 *    and constant while the host exists);
 *  - iscsi_host: the session's initiator name and the portal its
 *    connection is connected to, asked of the session's transport like
 *    sysfs does. The portal is ISCSI_PARAM_CONN_ADDRESS/PORT, which
 *    transports read from the live connection under their own locks (a
 *    connection being torn down answers -ENOTCONN); only a logged-in
 *    session is asked. The session stays alive while one of its devices
 *    is on the list, and the list's lock is held while asking.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_driver.h>
#include <scsi/scsi_transport.h>
#include <scsi/scsi_transport_fc.h>
#include <scsi/scsi_transport_iscsi.h>
#include "xcopy_hosts.h"

struct liox_xcopy_hostdev {
	struct list_head node;
	struct scsi_device *sdev;	/* valid while on the list */
};

static LIST_HEAD(liox_xcopy_hostdevs);
static DEFINE_MUTEX(liox_xcopy_hosts_lock);

static int liox_xcopy_hosts_add(struct device *dev,
				struct class_interface *intf)
{
	struct liox_xcopy_hostdev *hd = kzalloc(sizeof(*hd), GFP_KERNEL);

	if (!hd)
		return -ENOMEM;	/* this device's host is not found by name */
	hd->sdev = to_scsi_device(dev->parent);
	mutex_lock(&liox_xcopy_hosts_lock);
	list_add_tail(&hd->node, &liox_xcopy_hostdevs);
	mutex_unlock(&liox_xcopy_hosts_lock);
	return 0;
}

static void liox_xcopy_hosts_remove(struct device *dev,
				    struct class_interface *intf)
{
	struct scsi_device *sdev = to_scsi_device(dev->parent);
	struct liox_xcopy_hostdev *hd;

	mutex_lock(&liox_xcopy_hosts_lock);
	list_for_each_entry(hd, &liox_xcopy_hostdevs, node) {
		if (hd->sdev == sdev) {
			list_del(&hd->node);
			kfree(hd);
			break;
		}
	}
	mutex_unlock(&liox_xcopy_hosts_lock);
}

static struct class_interface liox_xcopy_hosts_intf = {
	.add_dev = liox_xcopy_hosts_add,
	.remove_dev = liox_xcopy_hosts_remove,
};

/* "fc_host", "iscsi_host", ... or "" */
static const char *liox_xcopy_hosts_transport(struct Scsi_Host *shost)
{
	const struct scsi_transport_template *t = shost->transportt;

	if (!t || !t->host_attrs.ac.class || !t->host_attrs.ac.class->name)
		return "";
	return t->host_attrs.ac.class->name;
}

static int liox_xcopy_hosts_is_conn(struct device *dev, void *data)
{
	return !strncmp(dev_name(dev), "connection", 10);
}

/*
 * The iSCSI name of @sess: its initiator name and the portal it is
 * connected to. @page is a page (the transport writes with sysfs_emit).
 */
static int liox_xcopy_hosts_iscsi_name(struct iscsi_cls_session *sess,
				       char *page,
				       struct liox_xcopy_portname *n)
{
	struct iscsi_transport *t = sess->transport;
	char iname[LIOX_XCOPY_INAME_MAX], port[8];
	struct iscsi_cls_conn *conn;
	unsigned long flags;
	int len, ilen, plen;
	struct device *dev;
	int state;

	spin_lock_irqsave(&sess->lock, flags);
	state = sess->state;
	spin_unlock_irqrestore(&sess->lock, flags);
	if (state != ISCSI_SESSION_LOGGED_IN)
		return -ENOTCONN;
	if (!t || !t->get_session_param || !t->get_conn_param)
		return -EOPNOTSUPP;

	ilen = t->get_session_param(sess, ISCSI_PARAM_INITIATOR_NAME, page);
	if (ilen <= 0 || ilen > sizeof(iname))
		return -ENOENT;
	memcpy(iname, page, ilen);

	dev = device_find_child(&sess->dev, NULL, liox_xcopy_hosts_is_conn);
	if (!dev)
		return -ENOTCONN;
	conn = iscsi_dev_to_conn(dev);
	plen = t->get_conn_param(conn, ISCSI_PARAM_CONN_PORT, page);
	if (plen > 0 && plen <= sizeof(port))
		memcpy(port, page, plen);
	len = t->get_conn_param(conn, ISCSI_PARAM_CONN_ADDRESS, page);
	put_device(dev);
	if (plen <= 0 || plen > sizeof(port) || len <= 0)
		return -ENOTCONN;
	return liox_xcopy_portname_set_iscsi(n, iname, ilen, page, len, port,
					     plen);
}

/*
 * The name of the port @sdev is behind, of kind @kind. @sess_seen skips
 * the other devices of an iSCSI session already looked at.
 */
static int liox_xcopy_hosts_name(struct scsi_device *sdev,
				 enum liox_xcopy_portname_kind kind,
				 char *page, struct device **sess_seen,
				 struct liox_xcopy_portname *n)
{
	struct Scsi_Host *shost = sdev->host;
	const char *transport = liox_xcopy_hosts_transport(shost);
	struct device *sess_dev;

	switch (kind) {
	case LIOX_PORTNAME_FC:
		if (strcmp(transport, "fc_host"))
			return -ENOENT;
		memset(n, 0, sizeof(*n));
		n->kind = LIOX_PORTNAME_FC;
		n->wwpn = fc_host_port_name(shost);
		return 0;
	case LIOX_PORTNAME_ISCSI:
		/* an iSCSI target's parent is its session */
		sess_dev = sdev->sdev_target->dev.parent;
		if (strcmp(transport, "iscsi_host") || !sess_dev ||
		    sess_dev == *sess_seen)
			return -ENOENT;
		*sess_seen = sess_dev;
		return liox_xcopy_hosts_iscsi_name(iscsi_dev_to_session(sess_dev),
						   page, n);
	default:
		return -ENOENT;
	}
}

/**
 * liox_xcopy_hosts_find() - the SCSI host whose port has name @want now
 * @want: an FC or iSCSI port name
 *
 * Sleeps. Return: the host, with a reference the caller puts with
 * scsi_host_put(), or NULL when no host has that name.
 */
struct Scsi_Host *liox_xcopy_hosts_find(const struct liox_xcopy_portname *want)
{
	struct Scsi_Host *found = NULL;
	struct device *sess_seen = NULL;
	struct liox_xcopy_portname *have;
	struct liox_xcopy_hostdev *hd;
	char *page = NULL;

	have = kmalloc(sizeof(*have), GFP_KERNEL);
	if (want->kind == LIOX_PORTNAME_ISCSI)
		page = (char *)__get_free_page(GFP_KERNEL);
	if (!have || (want->kind == LIOX_PORTNAME_ISCSI && !page))
		goto out_free;

	mutex_lock(&liox_xcopy_hosts_lock);
	list_for_each_entry(hd, &liox_xcopy_hostdevs, node) {
		if (liox_xcopy_hosts_name(hd->sdev, want->kind, page,
					  &sess_seen, have) ||
		    !liox_xcopy_portname_equal(want, have))
			continue;
		/* NULL when the host is going away: look on */
		found = scsi_host_get(hd->sdev->host);
		if (found)
			break;
	}
	mutex_unlock(&liox_xcopy_hosts_lock);
out_free:
	free_page((unsigned long)page);
	kfree(have);
	return found;
}

/**
 * liox_xcopy_hosts_init() - start following the SCSI devices
 *
 * Return: 0 or a negative errno.
 */
int liox_xcopy_hosts_init(void)
{
	return scsi_register_interface(&liox_xcopy_hosts_intf);
}

/**
 * liox_xcopy_hosts_exit() - stop following them and forget them all
 */
void liox_xcopy_hosts_exit(void)
{
	/* calls remove_dev for every device present: the list ends empty */
	scsi_unregister_interface(&liox_xcopy_hosts_intf);
}
