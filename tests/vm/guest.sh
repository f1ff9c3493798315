#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs as PID 1 inside a test VM (after the initramfs switch_root): brings
# up what targetcli and the scenarios need, runs one scenario with its TAP
# output in <run>/node<N>/, saves dmesg, and powers off.
# Kernel command line: liox.repo= liox.run= liox.node= liox.nodes=
# liox.scenario= (relative to the repository) liox.timeout= (seconds)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
modprobe configfs
mount -t configfs configfs /sys/kernel/config
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null

for arg in $(cat /proc/cmdline); do
	case "$arg" in
	liox.repo=*) LIOX_REPO=${arg#*=} ;;
	liox.run=*) LIOX_RUN=${arg#*=} ;;
	liox.node=*) LIOX_NODE=${arg#*=} ;;
	liox.nodes=*) LIOX_NODES=${arg#*=} ;;
	liox.scenario=*) scenario=${arg#*=} ;;
	liox.timeout=*) timeout=${arg#*=} ;;
	esac
done
export LIOX_REPO LIOX_RUN LIOX_NODE LIOX_NODES
out="$LIOX_RUN/node$LIOX_NODE"
export LIOX_OUT="$out"

# PID 1 must never exit: the kernel panics if it does. Once the power-off
# has started, devices shut down and an executable may no longer load from
# the 9p root (a CI run saw bash exit 126 on "sleep" there, and the panic
# failed the scenario). So after the trigger only builtins run: read -t on
# a FIFO that nobody writes waits without loading anything.
poweroff_now() {
	sync
	mkfifo /run/liox-halt 2>/dev/null
	echo o > /proc/sysrq-trigger
	while :; do
		read -r -t 60 _ <> /run/liox-halt
	done
}

hostname "liox-node$LIOX_NODE"
ip link set lo up
mkdir -p /run/dbus /run/lock /run/lock/iscsi /var/lock /var/run
dbus-daemon --system --fork
sysctl -qw kernel.hung_task_timeout_secs=60 kernel.printk="4 4 1 7"
# Without udev nothing loads drivers for devices: load what tests use.
modprobe -a sd_mod sg loop virtio_net 2>/dev/null

# Install this run's modules as a package would (the overlay is writable),
# so scenarios load them with modprobe and their dependencies follow.
moddir=/lib/modules/$(uname -r)/updates/liox
mkdir -p "$moddir"
find "$LIOX_REPO" -name '*.ko' -exec cp {} "$moddir/" \;
depmod -a

if [ "$LIOX_NODES" -gt 1 ]; then
	# Test network between the VMs (qemu socket netdev over loopback),
	# TEST-NET-1 addresses: 192.0.2.<node+1>.
	for dev in /sys/class/net/*; do
		name=${dev##*/}
		[ "$name" = lo ] && continue
		ip link set "$name" up
		ip addr add "192.0.2.$((LIOX_NODE + 1))/24" dev "$name"
		break
	done
fi

cd "$LIOX_REPO" || poweroff_now
echo "liox-vm: node $LIOX_NODE running $scenario" > /dev/console
timeout -k 10 "$timeout" bash "$scenario" > "$out/tap" 2> "$out/stderr" < /dev/null
echo $? > "$out/rc"
dmesg > "$out/dmesg"
echo "liox-vm: node $LIOX_NODE done, rc $(cat "$out/rc")" > /dev/console
poweroff_now
