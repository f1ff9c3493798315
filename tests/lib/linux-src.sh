#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of an extracted linux-source-6.1 tree under $LIOX_CACHE,
# extracting it once per package version (KUnit and checkpatch use it).
set -euo pipefail
: "${LIOX_CACHE:=/var/cache/liox}"
tarball=$(ls /usr/src/linux-source-6.1.tar.xz)
ver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
tree="$LIOX_CACHE/linux-source-6.1"
if [ "$(cat "$tree/.liox-version" 2>/dev/null)" != "$ver" ]; then
	rm -rf "$tree" "$LIOX_CACHE/kunit-build"
	mkdir -p "$LIOX_CACHE"
	tar -C "$LIOX_CACHE" -xJf "$tarball"
	echo "$ver" > "$tree/.liox-version"
fi
echo "$tree"
