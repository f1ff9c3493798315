#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run benchmarks in the VM and print their figures: tests/bench/run.sh
# [name...] (default: all). Not part of make check: timings never decide
# a pass. "make bench" runs them all.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
names=("$@")
[ "${#names[@]}" -gt 0 ] || names=($(cd "$here" && ls *.sh | grep -v '^run.sh$' | sed 's/\.sh$//'))
rc=0
for n in "${names[@]}"; do
	out=$("$here/../vm/run.sh" "$here/$n.sh" 2>&1) || rc=1
	grep '^# bench\|^not ok' <<<"$out"
	grep -q '^not ok' <<<"$out" && echo "$out" | tail -n 20
done
exit "$rc"
