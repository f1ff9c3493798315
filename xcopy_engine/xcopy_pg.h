/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port groups: which initiator ports a target port may use to reach
 * remote copy targets. Configured in configfs under
 * /sys/kernel/config/liox/xcopy/port_groups (Documentation/xcopy.rst).
 */
#ifndef _LIOX_XCOPY_PG_H
#define _LIOX_XCOPY_PG_H

#include <linux/configfs.h>
#include <linux/list.h>
#include <target/target_core_base.h>
#include "xcopy_portname.h"
#include "xcopy_ports.h"

#define LIOX_XCOPY_PG_NAME_MAX	29	/* the C0h descriptor's 28 bytes */
#define LIOX_XCOPY_FABRIC_MAX	32
#define LIOX_XCOPY_WWN_MAX	224

/* Counters of a port group and of each of its initiator ports. */
struct liox_xcopy_pstats {
	atomic64_t copies;	/* copies that finished using it */
	atomic64_t bytes;	/* bytes moved through it */
	atomic64_t failures;	/* group: copies failed; port: times dropped */
	atomic64_t fallbacks;	/* group: hand-overs; port: handed over from */
};

/* target_ports/<name>: a LIO target port (fabric, WWN, TPG tag). */
struct liox_xcopy_tport {
	struct config_item item;
	struct list_head node;		/* in pg->tports */
	char fabric[LIOX_XCOPY_FABRIC_MAX];
	char wwn[LIOX_XCOPY_WWN_MAX];
	int tpgt;			/* -1 until set */
};

/*
 * initiator_ports/<name>: a SCSI host of this node, by number or by the
 * stable name of its port (one or the other, the last written).
 */
struct liox_xcopy_iport {
	struct config_item item;
	struct list_head node;		/* in pg->iports */
	int host;			/* SCSI host number, or -1 */
	struct liox_xcopy_portname name;	/* kind NONE when by number */
	struct liox_xcopy_pstats stats;
};

struct liox_xcopy_pg {
	struct config_group group;
	struct config_group tports_group;
	struct config_group iports_group;
	struct list_head node;		/* in the list of port groups */
	struct list_head tports;
	struct list_head iports;
	unsigned int n_iports;
	struct liox_xcopy_pstats stats;
};

/* What a copy holds of its port group: references, taken at its start. */
struct liox_xcopy_binding {
	struct liox_xcopy_pg *pg;
	unsigned int n_ports;
	struct liox_xcopy_iport *port[LIOX_XCOPY_MAX_PORTS];
	DECLARE_BITMAP(member, LIOX_XCOPY_MAX_PORTS);
};

struct config_group *liox_xcopy_pg_init(void);
int liox_xcopy_pg_bind(struct se_portal_group *tpg, const char *name,
		       struct liox_xcopy_binding *b);
void liox_xcopy_pg_unbind(struct liox_xcopy_binding *b);
const char *liox_xcopy_pg_port_name(const struct liox_xcopy_binding *b,
				    int port);
int liox_xcopy_pg_port_host(const struct liox_xcopy_binding *b, int port,
			    struct liox_xcopy_portname *name);

/* netlink: calls @fn for each port group, under the port-group lock */
int liox_xcopy_pg_walk(int (*fn)(struct liox_xcopy_pg *pg, void *arg),
		       void *arg, unsigned long *pos);

#endif /* _LIOX_XCOPY_PG_H */
