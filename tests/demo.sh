#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make demo": boot the VM and run the main job of each capability end to
# end, then print a report a person can read: the core (liox_core, its
# configfs and netlink interfaces, a capability module, a targetcli LUN
# carrying data, 100 load/unload cycles), E-Copy between a node's LUNs,
# and E-Copy to a backup system through a port group with fallback
# between its initiator ports (with lioxctl xcopy status).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
: "${KVER:?}"

scenarios=(tests/scenarios/core_basic.sh tests/scenarios/xcopy_local.sh
	tests/scenarios/xcopy_remote.sh)
status=0
echo "liox demo: Debian kernel $KVER under qemu (TCG), host root over 9p"
for s in "${scenarios[@]}"; do
	echo
	echo "== $(basename "$s" .sh): $(sed -n '3s/^# //p' "$s")"
	t0=$(date +%s)
	out=$(tests/vm/run.sh "$s" 2>&1); rc=$?
	[ "$rc" -eq 0 ] || status=1
	p=$(grep -c '^ok' <<<"$out"); f=$(grep -c '^not ok' <<<"$out")
	grep '^# lioxctl version\|^# targetcli ls\|^# lioxctl xcopy status' <<<"$out" |
		sed 's/^# /   /'
	echo
	while IFS= read -r line; do
		case "$line" in
		"not ok"*) echo "   FAIL  ${line#not ok - }" ;;
		ok*) echo "   pass  ${line#ok - }" ;;
		esac
	done <<<"$out"
	echo
	echo "   $p checks passed, $f failed, $(( $(date +%s) - t0 ))s;" \
		"$(grep -o 'logs in .*' <<<"$out")"
done
echo
[ "$status" -eq 0 ] && echo "demo: everything worked" || echo "demo: FAILED"
exit "$status"
