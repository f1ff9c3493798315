# SPDX-License-Identifier: GPL-2.0
# E-Copy helpers for scenarios (sourced, after lio.sh).

# xcopy_send DEV LIST_FILE: send an EXTENDED COPY (LID1) with sg_raw;
# prints sg_raw's verbose output (status and decoded sense).
xcopy_send() {
	local len
	len=$(stat -c %s "$2")
	sg_raw -v -s "$len" -i "$2" "$1" 83 00 00 00 00 00 00 00 00 00 \
		$(printf '%02x %02x %02x %02x' $((len >> 24 & 255)) \
		  $((len >> 16 & 255)) $((len >> 8 & 255)) $((len & 255))) 00 00 2>&1
}
