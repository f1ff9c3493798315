#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the user-space fuzzers of liox's decoders (libFuzzer, ASan,
# UBSan). FUZZ_SECONDS per target (default 60; make check uses the
# default, "make fuzz FUZZ_SECONDS=3600" goes deeper). The corpus grows in
# $LIOX_CACHE/fuzz/<target>; crashes are kept there too. TAP output.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${LIOX_CACHE:=/var/cache/liox}" "${FUZZ_SECONDS:=60}"
build="$LIOX_CACHE/fuzz/build"
mkdir -p "$build"
fail=0
CFLAGS=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-Wall -Wextra -Werror -I"$here/shim" -I"$repo/include")

fuzz() { # name sources...
	local name=$1 corpus="$LIOX_CACHE/fuzz/$1" out
	shift
	mkdir -p "$corpus" "$corpus-crashes"
	if ! clang "${CFLAGS[@]}" -I"$repo/xcopy_engine" -o "$build/$name" "$@" \
		> "$build/$name.log" 2>&1; then
		echo "not ok - fuzz: $name builds"; sed 's/^/#   /' "$build/$name.log"
		fail=1
		return
	fi
	python3 "$here/seeds.py" "$corpus"
	out=$("$build/$name" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
		-rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$corpus-crashes/" "$corpus" 2>&1)
	if [ $? -eq 0 ]; then
		echo "ok - fuzz: $name, ${FUZZ_SECONDS}s, $(grep -o 'stat::number_of_executed_units: *[0-9]*' <<<"$out" | grep -o '[0-9]*$') inputs, no crash"
	else
		echo "not ok - fuzz: $name found a failure (kept in $corpus-crashes)"
		grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' <<<"$out" | head -n 20 | sed 's/^/#   /'
		fail=1
	fi
}

fuzz xcopy_parse "$here/xcopy_parse_fuzz.c" "$repo/xcopy_engine/xcopy_parse.c" \
	"$repo/drivers/name.c"
exit "$fail"
