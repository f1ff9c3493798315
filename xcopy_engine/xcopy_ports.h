/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Choosing the initiator port that reaches a remote copy target: the
 * candidates are the ports of the copy's port group; each is tried in
 * turn and dropped, with its reason, when it cannot reach the device.
 * Pure logic, KUnit-tested; the engine supplies the probing.
 */
#ifndef _LIOX_XCOPY_PORTS_H
#define _LIOX_XCOPY_PORTS_H

#include <linux/bitmap.h>
#include <linux/types.h>

#define LIOX_XCOPY_MAX_PORTS	32	/* initiator ports per port group */

/* Why a port was dropped. */
enum liox_xcopy_port_reason {
	LIOX_PORT_OK,
	LIOX_PORT_NO_HOST,	/* no SCSI host with that number */
	LIOX_PORT_NO_DEVICE,	/* no device with the designator behind it */
	LIOX_PORT_OFFLINE,	/* device or host not running */
	LIOX_PORT_NOT_READY,	/* TEST UNIT READY failed */
	LIOX_PORT_IO_ERROR,	/* failed in the middle of the copy */
	__LIOX_PORT_REASON_MAX,
};

struct liox_xcopy_cands {
	DECLARE_BITMAP(left, LIOX_XCOPY_MAX_PORTS);	/* still to try */
	DECLARE_BITMAP(member, LIOX_XCOPY_MAX_PORTS);	/* in the group */
	u8 reason[LIOX_XCOPY_MAX_PORTS];
	int in_use;			/* port in use, or -1 */
	unsigned int fallbacks;		/* ports given up after the first */
};

void liox_xcopy_cands_init(struct liox_xcopy_cands *c,
			   const unsigned long *member);
int liox_xcopy_cands_next(struct liox_xcopy_cands *c);
void liox_xcopy_cands_drop(struct liox_xcopy_cands *c, int port,
			   enum liox_xcopy_port_reason reason);
const char *liox_xcopy_port_reason_name(enum liox_xcopy_port_reason r);
size_t liox_xcopy_cands_report(const struct liox_xcopy_cands *c,
			       const char *const *names, char *buf,
			       size_t size);

#endif /* _LIOX_XCOPY_PORTS_H */
