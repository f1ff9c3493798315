#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot Debian's kernel under qemu (TCG) and run one scenario in it.
#
#   tests/vm/run.sh tests/scenarios/<name>.sh
#
# A scenario is a bash script that prints TAP on stdout. Header lines set
# what it needs:
#   # liox-vms: 2          number of VMs (default 1), joined by a network
#   # liox-timeout: 900    seconds the scenario may run (default 600)
#   # liox-mem: 2048       MiB per VM (default 2048)
# With several VMs every one runs the same script with LIOX_NODE=0,1,...;
# see tests/lib/tap.sh for vm_barrier/vm_put/vm_get to coordinate.
#
# Prints a flat TAP stream: each node's test points as "[nodeN] ...", then
# the harness's own: scenario exited 0 in time, plan complete, dmesg clean
# (no WARNING:, BUG:, Oops, general protection, "INFO: task ... blocked").
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${KVER:?set KVER (the Makefile does)}"
: "${LIOX_CACHE:=/var/cache/liox}"

scenario=${1:?usage: run.sh <scenario.sh>}
scenario=$(realpath --relative-to="$repo" "$scenario")
[ -f "$repo/$scenario" ] || { echo "not ok - no scenario $scenario"; exit 1; }
name=$(basename "$scenario" .sh)

header() { sed -n "s/^# liox-$1: *\([0-9]*\).*/\1/p" "$repo/$scenario" | head -n1; }
nodes=$(header vms); nodes=${nodes:-1}
timeout=$(header timeout); timeout=${timeout:-600}
mem=$(header mem); mem=${mem:-2048}
smp=$(( nodes > 1 ? 1 : 2 ))

kernel=/boot/vmlinuz-$KVER
[ -r "$kernel" ] || { echo "not ok - [harness] $name: no $kernel"; exit 1; }
initrd=$(KVER=$KVER LIOX_CACHE=$LIOX_CACHE "$here/initramfs.sh") ||
	{ echo "not ok - [harness] $name: initramfs"; exit 1; }

mkdir -p "$LIOX_CACHE/runs"
run=$(mktemp -d "$LIOX_CACHE/runs/$name.XXXXXX")
# keep the last few runs for post-mortems, drop the rest
ls -dt "$LIOX_CACHE"/runs/* 2>/dev/null | tail -n +21 | xargs -r rm -rf
for ((i = 0; i < nodes; i++)); do mkdir -p "$run/node$i"; done
mkdir -p "$run/shared"

# A free TCP port on loopback for the VMs' network.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

boot_all() { # boot every node, wait; returns 1 if a qemu process crashed
	local i pid net sock crashed=0
	local -a pids=()
	for ((i = 0; i < nodes; i++)); do
		rm -f "$run/node$i"/*
		net=(-nic none)
		if [ "$nodes" -gt 1 ]; then
			# node 0 listens, the others connect: a hub over loopback TCP
			if [ "$i" -eq 0 ]; then sock="listen=127.0.0.1:$port"
			else sock="connect=127.0.0.1:$port"; fi
			net=(-netdev "socket,id=n0,$sock"
			     -device "virtio-net-pci,netdev=n0,mac=52:54:00:00:00:1$i")
		fi
		timeout -k 10 $((timeout + 120)) qemu-system-x86_64 \
			-accel tcg -cpu max -smp "$smp" -m "$mem" \
			-display none -monitor none -serial "file:$run/node$i/console.log" \
			-no-reboot -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyS0 panic=-1 oops=panic panic_on_warn=1 slub_debug=FZPU loglevel=5 liox.repo=$repo liox.run=$run liox.node=$i liox.nodes=$nodes liox.scenario=$scenario liox.timeout=$timeout" \
			-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
			-virtfs "local,path=$repo,mount_tag=repo,security_model=none,readonly=on,multidevs=remap" \
			-virtfs "local,path=$run,mount_tag=run,security_model=none,multidevs=remap" \
			"${net[@]}" > "$run/node$i/qemu.log" 2>&1 &
		pids+=($!)
		[ "$i" -eq 0 ] && [ "$nodes" -gt 1 ] && sleep 1
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
		# 128+signal: qemu itself died (SIGSEGV 139, SIGABRT 134, ...),
		# but not our timeout (124) or its kill (137)
		case $? in 134|135|136|139) crashed=1 ;; esac
	done
	return "$crashed"
}

start=$(date +%s)
# QEMU 7.2's multi-threaded TCG very rarely segfaults while booting: that
# is this machine's emulator failing, not the kernel under test, so the
# whole run is repeated (twice at most) and the crash is reported.
for attempt in 1 2 3; do
	rm -rf "$run/shared" && mkdir -p "$run/shared"
	boot_all && break
	echo "# qemu crashed (attempt $attempt of 3), booting again"
done
elapsed=$(( $(date +%s) - start ))

fail=0
tap() { # tap <0|1 ok> <description>
	if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fail=1; fi
}
for ((i = 0; i < nodes; i++)); do
	d="$run/node$i"
	planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$d/tap" 2>/dev/null | tail -n1)
	points=0
	while IFS= read -r line; do
		case "$line" in
		ok*|"not ok"*)
			points=$((points + 1))
			rest=$(sed -E 's/^(not ok|ok)( [0-9]+)?( -)? ?//' <<<"$line")
			case "$line" in ok*) tap 0 "[node$i] $rest" ;; *) tap 1 "[node$i] $rest" ;; esac
			;;
		"#"*) echo "$line" ;;
		esac
	done < <(cat "$d/tap" 2>/dev/null)
	rc=$(cat "$d/rc" 2>/dev/null || echo none)
	tap "$([ "$rc" = 0 ] && echo 0 || echo 1)" "[harness] $name node$i scenario exited 0 (rc $rc)"
	tap "$([ -n "$planned" ] && [ "$planned" = "$points" ] && echo 0 || echo 1)" \
		"[harness] $name node$i ran its whole plan (${planned:-no plan}, $points test points)"
	bad=$(cat "$d/dmesg" "$d/console.log" 2>/dev/null |
	      grep -E 'WARNING:|BUG:|Oops|general protection|INFO: task .* blocked|Kernel panic|UBSAN:|kernel BUG' | head -n 5)
	tap "$([ -z "$bad" ] && [ -s "$d/dmesg" ] && echo 0 || echo 1)" \
		"[harness] $name node$i dmesg clean"
	if [ -n "$bad" ] || [ ! -s "$d/dmesg" ]; then
		echo "# dmesg problems (node$i):"; sed 's/^/#   /' <<<"${bad:-no dmesg saved: the VM did not finish}"
	fi
	if [ "$rc" != 0 ] && [ -s "$d/stderr" ]; then
		echo "# stderr (node$i, last lines):"; tail -n 15 "$d/stderr" | sed 's/^/#   /'
	fi
done
echo "# $name: $nodes VM(s), ${elapsed}s, logs in $run"
exit "$fail"
