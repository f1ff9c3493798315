#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages liox builds and tests with (only what is
# missing; apt-get update first when anything is).
set -euo pipefail
pkgs=(
	# build
	gcc make pkg-config bc flex bison libelf-dev libssl-dev xz-utils
	linux-headers-amd64 linux-source-6.1 python3
	libnl-3-dev libnl-genl-3-dev libjson-c-dev
	# fuzzers: libFuzzer with ASan/UBSan
	clang libclang-rt-14-dev
	# VM harness: Debian's kernel under qemu, busybox initramfs
	linux-image-amd64 qemu-system-x86 busybox-static cpio gzip kmod
	# inside the VM: LIO administration and real initiators
	targetcli-fb python3-rtslib-fb dbus sg3-utils open-iscsi fio iproute2 iputils-ping dmsetup
	# tests/scenarios/ipmirror_pair.sh: link faults
	nftables
	# tests/bench/ipmirror.sh: the raw copy over TCP the resync is measured
	# against; DRBD (drbdsetup-84, drbdmeta), the mirror it is measured against
	netcat-openbsd drbd-utils
	# tests/scenarios/tape_sim.sh: mt for the emulated tape drive
	mt-st
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root (or install the packages above)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
