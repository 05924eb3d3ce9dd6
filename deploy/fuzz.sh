#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read another party's bytes (tests/Broker.Fuzz, protocols/threat-model.md).
#
#   deploy/fuzz.sh TARGET [SECONDS] [-- LIBFUZZER-FLAGS...]   fuzz one target; SECONDS 0 (the default) runs until Ctrl-C
#   deploy/fuzz.sh --list                                     the target names
#   deploy/fuzz.sh --repro TARGET FILE...                     run the (uninstrumented) target once per file, e.g. a crash
#   deploy/fuzz.sh --prepare                                  build, instrument and build the driver only
#
# Steps: build tests/Broker.Fuzz (Release), copy its output to $FUZZ_OUT/bin, instrument the project's parser assemblies
# there with SharpFuzz 2.3.0 (the SharpFuzz.CommandLine tool, installed into artifacts/fuzz/tools), build the libFuzzer
# driver (tests/Broker.Fuzz/driver/libfuzzer-dotnet.c) with Debian's clang-14, and run libFuzzer. The committed seeds
# (tests/Broker.Fuzz/corpus/TARGET) are read only; what libFuzzer finds goes to $FUZZ_OUT/corpus/TARGET, crashes to
# $FUZZ_OUT/crashes/TARGET/ (reproduce with --repro, then make each one a regression test in the owning project).
# The build and the instrumented copy are reused while the build output does not change.
#
# Environment: FUZZ_BIN=DIR uses that build output and skips the build (the in-suite test passes its own);
# FUZZ_CONFIG (Release); FUZZ_OUT (artifacts/fuzz); FUZZ_TIMEOUT seconds one input may take (10).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
config=${FUZZ_CONFIG:-Release}
out=${FUZZ_OUT:-$root/artifacts/fuzz}
tools="$root/artifacts/fuzz/tools"
project="$root/tests/Broker.Fuzz"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Parsers of other parties' bytes and the CBOR reader under them; the rest (BCL, crypto) is not instrumented.
instrument=(Broker.Protocol.dll Broker.Policy.dll Broker.Gateway.dll System.Formats.Cbor.dll)

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 1 ]] || usage

bin_dir() {
  if [[ -n "${FUZZ_BIN:-}" ]]; then
    echo "$FUZZ_BIN"
  else
    dotnet build "$project" -c "$config" -v quiet -nologo >&2
    echo "$root/artifacts/bin/Broker.Fuzz/${config,,}"
  fi
}

if [[ $1 == --list ]]; then
  exec dotnet "$(bin_dir)/Broker.Fuzz.dll" --list
fi
if [[ $1 == --repro ]]; then
  shift
  exec dotnet "$(bin_dir)/Broker.Fuzz.dll" "$@"
fi

target=$1
seconds=${2:-0}
if [[ $target != --prepare ]]; then
  shift $(($# >= 2 ? 2 : 1))
  [[ ${1:-} == -- ]] && shift
  [[ $target =~ ^[a-z0-9-]+$ ]] || { echo "fuzz.sh: bad target name '$target'" >&2; exit 2; }
  [[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2; }
fi

if ! command -v clang-14 >/dev/null 2>&1 || ! compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  echo "== installing clang-14 and libclang-rt-14-dev (libFuzzer)" >&2
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi

src=$(bin_dir)
[[ -f "$src/Broker.Fuzz.dll" ]] || { echo "fuzz.sh: no Broker.Fuzz.dll in $src" >&2; exit 1; }
mkdir -p "$out"

# One preparation at a time per output folder (the in-suite test and a hand run may share artifacts/).
exec 9>"$out/.lock"
flock 9
if [[ ! -x "$tools/sharpfuzz" ]]; then
  echo "== installing SharpFuzz.CommandLine 2.3.0 into $tools" >&2
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi
stamp=$(cd "$src" && find . -maxdepth 1 -name '*.dll' -printf '%f %s %T@\n' | sort | sha256sum | cut -c1-16)
if [[ ! -f "$out/bin/.stamp" || $(cat "$out/bin/.stamp") != "$stamp" ]]; then
  echo "== instrumenting ${instrument[*]}" >&2
  rm -rf "$out/bin" && cp -r "$src" "$out/bin"
  for dll in "${instrument[@]}"; do
    [[ -f "$out/bin/$dll" ]] && "$tools/sharpfuzz" "$out/bin/$dll" >/dev/null
  done
  echo "$stamp" >"$out/bin/.stamp"
fi
driver="$out/libfuzzer-dotnet"
if [[ ! -x "$driver" || "$project/driver/libfuzzer-dotnet.c" -nt "$driver" ]]; then
  clang-14 -O2 -Wall -Wextra -Werror -fsanitize=fuzzer "$project/driver/libfuzzer-dotnet.c" -o "$driver"
fi
flock -u 9
[[ $target == --prepare ]] && exit 0

seeds="$project/corpus/$target"
[[ -d "$seeds" ]] || { echo "fuzz.sh: no seed corpus $seeds (targets: $(dotnet "$out/bin/Broker.Fuzz.dll" --list | tr '\n' ' '))" >&2; exit 2; }
mkdir -p "$out/corpus/$target" "$out/crashes/$target"
dict=()
case $target in case-alert | opened-view | policy) dict=(-dict="$project/dict/json.dict") ;; esac
cd "$out"
echo "== fuzzing $target for ${seconds}s (0 = until stopped); crashes go to $out/crashes/$target/" >&2
exec "$driver" --target_path=dotnet --target_arg="$out/bin/Broker.Fuzz.dll" --target_arg="$target" \
  -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 \
  -artifact_prefix="$out/crashes/$target/" "${dict[@]}" "$@" "$out/corpus/$target" "$seeds"
