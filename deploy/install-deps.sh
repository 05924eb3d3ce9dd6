#!/usr/bin/env bash
# Installs the Debian packages the system and its tests use, only when missing (idempotent, quiet).
set -euo pipefail
need=()
command -v rabbitmq-server >/dev/null 2>&1 || [[ -x /usr/sbin/rabbitmq-server ]] || need+=(rabbitmq-server)
command -v amqp-publish >/dev/null 2>&1 || need+=(amqp-tools)
[[ -x /usr/lib/chromium/chromium ]] || need+=(chromium)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql-15)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
# libFuzzer for the fuzz targets (tests/Broker.Fuzz, deploy/fuzz.sh): clang-14 and its fuzzer runtime.
command -v clang-14 >/dev/null 2>&1 || need+=(clang-14)
compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null || need+=(libclang-rt-14-dev)
if ((${#need[@]})); then
  echo "== installing Debian packages: ${need[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
