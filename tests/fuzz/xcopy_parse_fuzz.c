// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the EXTENDED COPY parameter-list decoder, built
 * from the very file the module uses (xcopy_engine/xcopy_parse.c) with
 * ASan and UBSan. Besides memory safety it checks the decoder's promises:
 * an accepted list only references CSCDs that exist and are devices, stays
 * within the advertised limits; a refused one carries a sense key and
 * code SPC-4 defines and a field pointer inside the list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xcopy_desc.h"

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct liox_xcopy_list list;
	struct liox_xcopy_err err;
	unsigned int i;
	uint8_t *buf;
	int ret;

	/* an exact-size copy, so ASan sees any read past the list */
	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	memset(&err, 0, sizeof(err));
	ret = liox_xcopy_parse(buf, size, &list, &err);
	if (ret == 0) {
		check(list.n_cscd <= LIOX_XCOPY_MAX_CSCD);
		check(list.n_seg <= LIOX_XCOPY_MAX_SEGS);
		for (i = 0; i < list.n_seg; i++) {
			const struct liox_xcopy_seg *s = &list.seg[i];

			check(s->src < list.n_cscd && s->dst < list.n_cscd);
			check(list.cscd[s->src].type_code == LIOX_XCOPY_CSCD_IDENT);
			check(list.cscd[s->dst].type_code == LIOX_XCOPY_CSCD_IDENT);
			check(s->bytes <= LIOX_XCOPY_MAX_SEGMENT_LEN);
			check(s->offset < size);
		}
		if (list.port_group >= 0)
			check(strlen(list.port_group_name) > 0);
	} else {
		check(ret == -EINVAL);
		check(err.key == LIOX_SENSE_ILLEGAL_REQUEST ||
		      err.key == LIOX_SENSE_COPY_ABORTED);
		check((err.asc == 0x1a && err.ascq == 0) ||
		      (err.asc == 0x26 && err.ascq <= 0x0a) ||
		      (err.asc == 0x0d && err.ascq == 0x03));
		check(!err.field_valid || err.field < size);
	}
	free(buf);
	return 0;
}
