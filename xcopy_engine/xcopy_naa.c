// SPDX-License-Identifier: GPL-2.0
/*
 * The NAA 6 designator LIO reports in VPD page 83h for a device (see
 * spc_gen_naa_6h_vendor_specific(), not exported): IEEE company ID, then
 * the hex digits of the unit serial number as vendor-specific identifier.
 * E-Copy descriptors name local LUNs with it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "xcopy_naa.h"

void liox_xcopy_naa6(u32 company_id, const char *serial, u8 *buf)
{
	int cnt, off = 0, val;
	bool next = true;

	memset(buf, 0, LIOX_XCOPY_NAA6_LEN);
	buf[off] = 0x6 << 4;
	buf[off++] |= (company_id >> 20) & 0xf;
	buf[off++] = (company_id >> 12) & 0xff;
	buf[off++] = (company_id >> 4) & 0xff;
	buf[off] = (company_id & 0xf) << 4;
	for (cnt = off + 13; *serial && off < cnt; serial++) {
		val = hex_to_bin(*serial);
		if (val < 0)
			continue;
		if (next) {
			next = false;
			buf[off++] |= val;
		} else {
			next = true;
			buf[off] = val << 4;
		}
	}
}
