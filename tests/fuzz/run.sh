#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the user-space fuzzers of liox's decoders (libFuzzer, ASan,
# UBSan). FUZZ_SECONDS per target; unset (make check), 60 s in all are
# shared among the targets ("make fuzz FUZZ_SECONDS=3600" goes deeper).
# FUZZ_TARGETS="a b" runs only those. The corpus grows in
# $LIOX_CACHE/fuzz/<target>; crashes are kept there too. TAP output.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${LIOX_CACHE:=/var/cache/liox}"
targets=(xcopy_parse mirror_wire mirror_md)
[ -z "${FUZZ_TARGETS:-}" ] || read -ra targets <<<"$FUZZ_TARGETS"
# the default budget of make check, shared; at least 10 s each
: "${FUZZ_SECONDS:=$(( 60 / ${#targets[@]} > 10 ? 60 / ${#targets[@]} : 10 ))}"
build="$LIOX_CACHE/fuzz/build"
mkdir -p "$build"
fail=0
CFLAGS=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-Wall -Wextra -Werror -I"$here/shim" -I"$repo/include")

fuzz() { # name source-directory sources...
	local name=$1 dir=$2 corpus="$LIOX_CACHE/fuzz/$1" out
	shift 2
	mkdir -p "$corpus" "$corpus-crashes"
	if ! clang "${CFLAGS[@]}" -I"$repo/$dir" -o "$build/$name" "$@" \
		> "$build/$name.log" 2>&1; then
		echo "not ok - fuzz: $name builds"; sed 's/^/#   /' "$build/$name.log"
		fail=1
		return
	fi
	python3 "$here/seeds.py" "$name" "$corpus"
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

mirror=$repo/ipmirror_km
for t in "${targets[@]}"; do
	case $t in
	xcopy_parse)
		fuzz xcopy_parse xcopy_engine "$here/xcopy_parse_fuzz.c" \
			"$repo/xcopy_engine/xcopy_parse.c" "$repo/drivers/name.c" ;;
	mirror_wire)
		fuzz mirror_wire ipmirror_km "$here/mirror_wire_fuzz.c" \
			"$mirror/mirror_wire.c" "$repo/drivers/name.c" ;;
	mirror_md)
		fuzz mirror_md ipmirror_km "$here/mirror_md_fuzz.c" \
			"$mirror/mirror_md.c" "$mirror/mirror_bitmap.c" ;;
	*)
		echo "not ok - fuzz: no target $t"; fail=1 ;;
	esac
done
exit "$fail"
