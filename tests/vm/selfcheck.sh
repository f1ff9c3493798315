#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prove the harness can fail: run the scenarios of tests/vm/negative/ and
# expect each to be reported as a failure, for the right reason.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail=0
expect_failure() { # scenario  expected-not-ok-line  description
	local out rc
	out=$("$here/run.sh" "$here/negative/$1" 2>&1); rc=$?
	if [ "$rc" -ne 0 ] && grep -qF "not ok - $2" <<<"$out"; then
		echo "ok - harness: $3"
	else
		echo "not ok - harness: $3 (run.sh exit $rc)"
		sed 's/^/#   /' <<<"$out" | tail -n 20
		fail=1
	fi
}
expect_failure one_byte_differs.sh "[node0] read back through the LUN matches" \
	"one byte changed behind a LUN fails the data comparison"
expect_failure kernel_warns.sh "[harness] kernel_warns node0 dmesg clean" \
	"a kernel WARN fails the run"
exit "$fail"
