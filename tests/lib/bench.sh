# SPDX-License-Identifier: GPL-2.0
# Helpers for tests/bench/*.sh (sourced, after tap.sh and lio.sh).

bench_now() { date +%s.%N; }

# bench_mibs BYTES T0 T1: MiB/s
bench_mibs() { python3 -c "print('%.1f' % ($1 / 1048576 / ($3 - $2)))"; }

# bench_ratio A B: A/B with two decimals
bench_ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

# bench_copy METHOD BYTES SRC DST [SG_XCOPY_OPTION...]: zero DST, copy
# BYTES from SRC to DST - "xcopy": sg_xcopy between the sg nodes of the two
# disks (with the options given, e.g. --on_src); "host": dd with O_DIRECT -
# and print MiB/s, or "MISMATCH" when DST differs from SRC afterwards.
bench_copy() {
	local method=$1 bytes=$2 src=$3 dst=$4 t0 t1
	shift 4
	dd if=/dev/zero of="$dst" bs=1M count=$((bytes >> 20)) oflag=direct status=none
	t0=$(bench_now)
	case $method in
	xcopy) sg_xcopy "$@" if="$(lio_sg_of "$src")" of="$(lio_sg_of "$dst")" \
		bs=512 count=$((bytes / 512)) >/dev/null 2>&1 ;;
	host) dd if="$src" of="$dst" bs=1M count=$((bytes >> 20)) \
		iflag=direct oflag=direct status=none ;;
	esac
	t1=$(bench_now)
	cmp -n "$bytes" <(dd if="$src" bs=1M iflag=direct status=none) \
		<(dd if="$dst" bs=1M iflag=direct status=none) >/dev/null 2>&1 ||
		echo "MISMATCH"
	bench_mibs "$bytes" "$t0" "$t1"
}

# bench_unload_xcopy: stock LIO E-Copy again (disable the patch, rmmod)
bench_unload_xcopy() {
	local i
	echo 0 > /sys/kernel/livepatch/liox_xcopy/enabled
	for i in $(seq 100); do
		[ -e /sys/kernel/livepatch/liox_xcopy ] || break
		sleep 0.1
	done
	rmmod liox_xcopy
}

# bench_local NAME SRC DST [DEPTH]: for 256 MiB and 1 GiB, copy SRC to DST
# with stock LIO E-Copy, the host's dd and liox_xcopy (and liox with
# xcopy/depth DEPTH when given); assert every copy is identical and print
# "# bench NAME" lines with MiB/s and the ratios.
bench_local() {
	local name=$1 src=$2 dst=$3 depth=${4:-} size m stock host liox deep r
	for size in $((256 << 20)) $((1024 << 20)); do
		m=$((size >> 20))
		stock=$(bench_copy xcopy $size "$src" "$dst")
		host=$(bench_copy host $size "$src" "$dst")
		modprobe liox_xcopy
		liox=$(bench_copy xcopy $size "$src" "$dst")
		deep=$liox
		if [ -n "$depth" ]; then
			echo "$depth" > /sys/kernel/config/liox/xcopy/depth
			deep=$(bench_copy xcopy $size "$src" "$dst")
		fi
		bench_unload_xcopy
		for r in "$stock" "$host" "$liox" "$deep"; do
			ok_if "${m} MiB copy: destination identical ($r)" \
				test "${r#MISMATCH}" = "$r"
		done
		diag "bench $name ${m}MiB: liox ${liox} MiB/s, stock LIO ${stock} MiB/s, host dd ${host} MiB/s"
		diag "bench $name ${m}MiB: liox/stock $(bench_ratio "$liox" "$stock"), liox/host $(bench_ratio "$liox" "$host") (TCG: ratios only)"
		[ -z "$depth" ] ||
			diag "bench $name ${m}MiB: with depth $depth: liox ${deep} MiB/s, liox/stock $(bench_ratio "$deep" "$stock"), liox/host $(bench_ratio "$deep" "$host")"
	done
}
