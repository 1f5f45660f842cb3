#!/bin/sh
# Fuzz the event-line parser (events/parse.c) with libFuzzer.
#
#   tools/fuzz.sh [SECONDS]        (default 60)
#
# Builds build/host/fuzz_event_parse from tests/host/fuzz_event_parse.c
# with clang -fsanitize=fuzzer,address,undefined, then runs it for
# SECONDS over a copy of the seed corpus tests/host/fuzz_corpus/.  The
# copy (build/host/fuzz_corpus/) is where libFuzzer adds the inputs it
# finds interesting, so the checked-in corpus never changes under you.
#
# Exit status: 0 if the run ended cleanly; non-zero if the build failed
# or the fuzzer found a crash, a sanitizer report or a broken
# invariant.  The input that did it is kept as build/host/crash-<sha1>
# (or leak-, timeout-, oom-); replay it with
#   build/host/fuzz_event_parse build/host/crash-<sha1>
#
# Installs clang and libclang-rt-14-dev first if they are missing (as
# root; otherwise it prints the apt-get command), like the Makefile's
# other targets.
set -u

cd "$(dirname "$0")/.." || exit 1

seconds=${1:-60}
case "$seconds" in
''|*[!0-9]*|0)
	echo "usage: tools/fuzz.sh [SECONDS]   (a whole number above 0; default 60)" >&2
	exit 2 ;;
esac

# libFuzzer's runtime is in libclang-rt-14-dev, not in the clang package.
tools/deps.sh clang:clang \
	/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev \
	|| exit 1

out=build/host
bin=$out/fuzz_event_parse
corpus=$out/fuzz_corpus
mkdir -p "$out"

# parse.c and every probe type (events/type_*.c: a new one is
# picked up by the glob) are compiled as they are, with the formatter
# they use (kernel/format.c); the fuzz file supplies the rest (see its
# comment).  PROBE_TYPE_SECTION gives the types' table a section name
# the host's linker makes __start_probetypes/__stop_probetypes for.
echo "fuzz: building $bin"
clang -std=gnu11 -g -O1 -Wall -Wextra \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DPROBE_TYPE_SECTION='"probetypes"' \
	-Iinclude -Iarch/x86_64/include -Iarch/x86_common/include -I. \
	tests/host/fuzz_event_parse.c events/parse.c events/type_*.c kernel/format.c \
	-o "$bin" || { echo "fuzz: build failed (a new probe type calling another kernel function needs a stub in tests/host/fuzz_event_parse.c)"; exit 1; }

# A fresh copy of the seeds each run: what one run learned does not
# leak into the next, so runs are comparable.
rm -rf "$corpus"
mkdir -p "$corpus"
cp tests/host/fuzz_corpus/* "$corpus"/

# -max_len=2048: long enough to reach the parser's "line too long"
# (EVENT_LINE_MAX is 1024).  -timeout: one line taking over 10 s is a
# hang.  -artifact_prefix: crash files go to build/host/, not the
# current directory.
echo "fuzz: running for $seconds s over a copy of tests/host/fuzz_corpus/"
"$bin" -max_total_time="$seconds" -max_len=2048 -timeout=10 \
	-dict=tests/host/fuzz_event_parse.dict \
	-artifact_prefix="$out/" -print_final_stats=1 \
	"$corpus"
status=$?
if [ "$status" -ne 0 ]; then
	echo "fuzz: FAILED (status $status); the input is in $out/ (crash-*, leak-*, timeout-*, oom-*)"
	exit "$status"
fi
echo "fuzz: clean run of $seconds s"
