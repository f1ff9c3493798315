#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the VM initramfs for kernel $KVER and print its path.
# Cached in $LIOX_CACHE/vm, keyed by the kernel version and a hash of
# everything that goes in, so it is rebuilt exactly when an input changes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${KVER:?}" "${LIOX_CACHE:?}"

mods=()
for m in virtio_pci 9pnet_virtio 9p overlay; do
	while read -r cmd path _; do
		[ "$cmd" = insmod ] || continue
		case " ${mods[*]-} " in *" $path "*) ;; *) mods+=("$path") ;; esac
	done < <(modprobe -S "$KVER" --show-depends "$m")
done

key=$( { cat "$here/initramfs-init" "$0"; printf '%s\n' "${mods[@]}";
	 sha256sum /bin/busybox; } | sha256sum | cut -c1-16)
out="$LIOX_CACHE/vm/initramfs-$KVER-$key.cpio.gz"
if [ -s "$out" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$LIOX_CACHE/vm"
stage=$(mktemp -d "$LIOX_CACHE/vm/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,modules}
cp /bin/busybox "$stage/bin/busybox"
cp "$here/initramfs-init" "$stage/init"
chmod 0755 "$stage/init"
for p in "${mods[@]}"; do
	cp "$p" "$stage/modules/"
	basename "$p" >> "$stage/modules.list"
done
(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
# keep the cache small: drop initramfs images of older inputs
find "$LIOX_CACHE/vm" -name "initramfs-$KVER-*.cpio.gz" ! -path "$out" -delete
echo "$out"
