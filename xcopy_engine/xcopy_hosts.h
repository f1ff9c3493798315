/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SCSI hosts of this node, as the SCSI devices behind them come and
 * go, so that an initiator port configured by its stable name (FC WWPN,
 * iSCSI initiator name and portal) finds the host that has that name now.
 */
#ifndef _LIOX_XCOPY_HOSTS_H
#define _LIOX_XCOPY_HOSTS_H

#include <scsi/scsi_host.h>
#include "xcopy_portname.h"

int liox_xcopy_hosts_init(void);
void liox_xcopy_hosts_exit(void);
struct Scsi_Host *liox_xcopy_hosts_find(const struct liox_xcopy_portname *n);

#endif /* _LIOX_XCOPY_HOSTS_H */
