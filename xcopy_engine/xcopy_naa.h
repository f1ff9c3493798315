/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LIOX_XCOPY_NAA_H
#define _LIOX_XCOPY_NAA_H

#include <linux/types.h>

#define LIOX_XCOPY_NAA6_LEN	16

void liox_xcopy_naa6(u32 company_id, const char *serial, u8 *buf);

#endif /* _LIOX_XCOPY_NAA_H */
