#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict (from linux-source-6.1) over every kernel source
# of liox. One TAP line per file; any ERROR, WARNING or CHECK fails it.
# CAMELCASE is off: with --no-tree checkpatch cannot tell kernel types such
# as struct Scsi_Host from new names. User-space C (userspace/, tests/) is
# built with -Wall -Wextra -Werror instead.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tree=$("$repo/tests/lib/linux-src.sh") || { echo "not ok - style: linux source"; exit 1; }
cd "$repo"
fail=0
files=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | grep -v '^userspace/\|^tests/fuzz/\|^tests/tools/')
for f in $files; do
	out=$("$tree/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,CAMELCASE -f "$f" 2>&1)
	if [ -z "$out" ]; then
		echo "ok - style: $f"
	else
		echo "not ok - style: $f"
		sed 's/^/#   /' <<<"$out"
		fail=1
	fi
done
exit "$fail"
