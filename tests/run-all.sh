#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What "make check" runs after building: style, user-space tests, KUnit,
# the decoders' fuzzers (60 s in all), the harness self-check and every VM
# scenario. Each stage prints TAP;
# this script counts every test point and ends with "N passed, N failed".
# LIOX_SCENARIOS="a b" limits the VM scenarios (names without .sh).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
: "${KVER:?}" "${LIOX_CACHE:=/var/cache/liox}"
export KVER LIOX_CACHE

passed=0 failed=0
log="$LIOX_CACHE/check.log"
mkdir -p "$LIOX_CACHE"
: > "$log"

stage() { # name command...
	local name=$1 t0 out rc p f
	shift
	t0=$(date +%s)
	out=$("$@" 2>&1); rc=$?
	printf '%s\n' "$out" >> "$log"
	p=$(grep -c '^ok' <<<"$out")
	f=$(grep -c '^not ok' <<<"$out")
	# a stage that failed without reporting a failed test point still fails
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out+=$'\n'"not ok - $name exited $rc"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	printf '%-28s %4d passed, %d failed  (%ds)\n' "$name" "$p" "$f" \
		$(( $(date +%s) - t0 ))
	[ "$f" -eq 0 ] || grep -A12 '^not ok' <<<"$out" | head -n 60 | sed 's/^/    /'
}

echo "liox check: kernel $KVER, cache $LIOX_CACHE, full log $log"
stage style tests/lib/style.sh
stage userspace userspace/tests/cli.sh
stage kunit kunit/run.sh
stage fuzz tests/fuzz/run.sh
stage harness-selfcheck tests/vm/selfcheck.sh
for s in tests/scenarios/*.sh; do
	n=$(basename "$s" .sh)
	if [ -n "${LIOX_SCENARIOS:-}" ] && ! grep -qw "$n" <<<"$LIOX_SCENARIOS"; then
		continue
	fi
	stage "vm:$n" tests/vm/run.sh "$s"
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
