#!/usr/bin/env bash
# A private RabbitMQ node on 127.0.0.1 for development and tests (see protocols/amqp.md).
#
#   deploy/rabbitmq.sh start    start the node (or, if it already runs, reload the definitions)
#   deploy/rabbitmq.sh stop     stop it cleanly (no-op when stopped)
#   deploy/rabbitmq.sh status   say whether it runs, with pid and ports
#   deploy/rabbitmq.sh reset    stop it and delete its data (certificates and secrets are kept)
#   deploy/rabbitmq.sh env      print shell exports for tests and apps (no secrets, only the file path)
#
# Node broker@localhost; data, logs, config and definitions in .run/rabbitmq; certificates in
# .run/certs (deploy/certs.sh); generated passwords in .run/secrets.env (mode 600).
# Ports: AMQP 5672, AMQPS 5671 (mutual TLS), management 15672, stream 5552, distribution 25672.
# BROKER_RMQ_INSTANCE=N (default 0) shifts every port by 10*N and names the node brokerN@localhost,
# so two working copies on one machine can each run their own node. BROKER_RUN_DIR (default .run)
# moves every generated file (data, certificates, secrets, rabbitmq.env), so a test can run a
# second, private node beside the one in .run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run="${BROKER_RUN_DIR:-$root/.run}"
base="$run/rabbitmq"
certs="$run/certs"
secrets="$run/secrets.env"
agencies="${BROKER_AGENCIES:-$root/deploy/demo/agencies.json}"
instance=${BROKER_RMQ_INSTANCE:-0}
[[ "$instance" =~ ^[0-9]$ ]] || { echo "rabbitmq.sh: BROKER_RMQ_INSTANCE must be 0-9" >&2; exit 2; }
offset=$((instance * 10))
node="broker$([[ $instance == 0 ]] || echo "$instance")@localhost"
amqp_port=$((5672 + offset)) amqps_port=$((5671 + offset)) mgmt_port=$((15672 + offset))
stream_port=$((5552 + offset)) dist_port=$((25672 + offset))
# When .run/rabbitmq is a link (see prepare_base), the node only ever sees the real path.
[[ -L "$base" ]] && base=$(readlink -f "$base")
ports=("$amqp_port" "$amqps_port" "$mgmt_port" "$stream_port" "$dist_port")
pidfile="$base/node.pid"
deadline=${BROKER_RMQ_TIMEOUT:-$([[ "${CI:-}" == true ]] && echo 120 || echo 60)}

log() { echo "rabbitmq: $*"; }
die() { echo "rabbitmq: $*" >&2; exit 1; }
need_root() { [[ $(id -u) -eq 0 ]] || die "run as root (the Debian scripts switch to the rabbitmq user): sudo $0 $1"; }

node_env() {
  export RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp_port"
  export RABBITMQ_DIST_PORT="$dist_port"
  export RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log" RABBITMQ_PID_FILE="$pidfile"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$base/advanced.config" RABBITMQ_CONF_ENV_FILE="$base/rabbitmq-env.conf"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

print_env() {
  cat <<EOF
export BROKER_RMQ_NODE=$node
export BROKER_RMQ_HOST=localhost
export BROKER_RMQ_AMQP_PORT=$amqp_port
export BROKER_RMQ_AMQPS_PORT=$amqps_port
export BROKER_RMQ_MANAGEMENT_PORT=$mgmt_port
export BROKER_RMQ_STREAM_PORT=$stream_port
export BROKER_RMQ_CERT_DIR=$certs
export BROKER_RMQ_SECRETS_FILE=$secrets
export BROKER_RMQ_DEFINITIONS=$base/definitions.json
EOF
}

# The beam process of a node with our name (from this or an earlier run), if any. The Debian
# scripts pass the node name and data directory in the environment, not on the command line.
node_pid() {
  local proc pid comm
  for proc in /proc/[0-9]*; do
    read -r comm 2>/dev/null <"$proc/comm" && [[ "$comm" == beam.smp ]] || continue
    tr '\0' '\n' <"$proc/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=$node" && { echo "${proc#/proc/}"; return 0; }
  done
  # Without root the environment is unreadable: trust our own pid file.
  [[ -f "$pidfile" ]] && pid=$(<"$pidfile") && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

# The node's data directory (RABBITMQ_MNESIA_BASE of the running beam).
node_dir() { tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | sed -n 's/^RABBITMQ_MNESIA_BASE=//p'; }

# Ours: its data directory is this working copy's. Foreign: another working copy's, still present.
is_ours() { [[ "$(node_dir "$1")" == "$base/mnesia" ]]; }
is_foreign() { local dir; dir=$(node_dir "$1"); [[ -n "$dir" && -d "$dir" ]] && ! is_ours "$1"; }


wait_exit() { # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

stop_pid() { # SIGTERM makes the Erlang VM shut down gracefully (init:stop); the node deletes its pid file.
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  if ! wait_exit "$pid" "$deadline"; then
    log "node $node (pid $pid) did not stop within ${deadline}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" 10 || die "could not stop pid $pid"
  fi
}

# The rabbitmq user must be able to reach the data directory; a clone under a private home
# (e.g. /root) is not reachable, so the data then lives under /var/lib/rabbitmq with a link here.
prepare_base() {
  mkdir -p "$run"
  if [[ -L "$run/rabbitmq" ]] || ! runuser -u rabbitmq -- test -x "$run"; then
    local target
    target="/var/lib/rabbitmq/broker-$(printf '%s' "$root" | sha256sum | cut -c1-12)-$instance"
    mkdir -p "$target"
    [[ -L "$run/rabbitmq" ]] || { rm -rf "$run/rabbitmq"; ln -s "$target" "$run/rabbitmq"; }
    base=$target pidfile="$target/node.pid"
  fi
  mkdir -p "$base/mnesia" "$base/log" "$base/tls"
}

generate() {
  BROKER_RUN_DIR="$run" "$root/deploy/certs.sh" >/dev/null
  python3 "$root/deploy/rabbitmq/definitions.py" "$agencies" "$secrets" "$base/definitions.json" >/dev/null
  # A running node keeps its TLS files in memory: new ones mean a restart.
  tls_changed=0
  cmp -s "$certs/ca.crt" "$base/tls/ca.crt" && cmp -s "$certs/server.crt" "$base/tls/server.crt" || tls_changed=1
  install -m 644 "$certs/ca.crt" "$certs/server.crt" "$base/tls/"
  install -m 600 "$certs/server.key" "$base/tls/"
  sed -e "s|@AMQP_PORT@|$amqp_port|; s|@AMQPS_PORT@|$amqps_port|; s|@MANAGEMENT_PORT@|$mgmt_port|" \
    -e "s|@STREAM_PORT@|$stream_port|; s|@TLS_DIR@|$base/tls|; s|@BASE@|$base|" \
    "$root/deploy/rabbitmq/rabbitmq.conf.template" >"$base/rabbitmq.conf"
  cp "$root/deploy/rabbitmq/enabled_plugins" "$base/enabled_plugins"
  : >"$base/rabbitmq-env.conf"
  chown -R rabbitmq:rabbitmq "$base/"
  print_env >"$run/rabbitmq.env"
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The management API answers for the hub vhost as admin: the definitions are in.
# Without curl, ask the node (about a second per call).
definitions_loaded() {
  command -v curl >/dev/null || { ctl await_startup >/dev/null 2>&1; return; }
  local password
  password=$(sed -n 's/^RMQ_PASSWORD_ADMIN=//p' "$secrets")
  curl -fs -o /dev/null --max-time 2 -K - "http://127.0.0.1:$mgmt_port/api/vhosts/hub" <<<"user = \"admin:$password\""
}

ctl() { timeout "$deadline" rabbitmqctl -n "$node" -q "$@"; }

# Through the management API (fast); rabbitmqctl when admin's password is not the node's yet.
import_definitions() {
  command -v curl >/dev/null || { ctl import_definitions "$base/definitions.json" >/dev/null || die "import_definitions failed"; return; }
  local password
  password=$(sed -n 's/^RMQ_PASSWORD_ADMIN=//p' "$secrets")
  curl -fs -o /dev/null --max-time 30 -K - -H 'content-type: application/json' --data-binary "@$base/definitions.json" \
    "http://127.0.0.1:$mgmt_port/api/definitions" <<<"user = \"admin:$password\"" ||
    ctl import_definitions "$base/definitions.json" >/dev/null || die "import_definitions failed"
}

# Before per-sender ingress queues (protocols/amqp.md §3.5) every envelope also went to one shared `hub.ingress` queue,
# bound from.*; a node upgraded in place would keep filling it with nobody consuming it. Drop it (no-op when absent).
drop_legacy_ingress() {
  if command -v curl >/dev/null; then
    local password
    password=$(sed -n 's/^RMQ_PASSWORD_ADMIN=//p' "$secrets")
    curl -s -o /dev/null --max-time 10 -X DELETE -K - "http://127.0.0.1:$mgmt_port/api/queues/hub/hub.ingress" <<<"user = \"admin:$password\"" || true
  else
    ctl delete_queue -p hub hub.ingress >/dev/null 2>&1 || true
  fi
}

start() {
  local t0=$SECONDS pid p
  [[ -x /usr/sbin/rabbitmq-server ]] || "$root/deploy/install-deps.sh"
  command -v python3 >/dev/null && command -v openssl >/dev/null || die "python3 and openssl are needed"
  prepare_base
  generate
  node_env
  if pid=$(node_pid); then
    if is_ours "$pid" && [[ -f "$pidfile" && $tls_changed == 0 ]]; then
      import_definitions
      drop_legacy_ingress
      log "node $node already running (pid $pid); definitions reloaded in $((SECONDS - t0)) s"
      return 0
    fi
    is_ours "$pid" || ! is_foreign "$pid" ||
      die "node $node (pid $pid) runs from $(node_dir "$pid"), another working copy; stop it there, or use BROKER_RMQ_INSTANCE=1..9 here"
    log "stopping stale node $node (pid $pid): its files or certificates changed since it started"
    stop_pid "$pid"
  fi
  for p in "${ports[@]}"; do
    accepts "$p" && die "port 127.0.0.1:$p is in use by another program (see: ss -tlnp 'sport = :$p')"
  done
  rm -f "$pidfile"
  setsid nohup /usr/sbin/rabbitmq-server >"$base/log/stdout.log" 2>&1 </dev/null &
  local launcher=$!
  # Ready when the AMQP listeners accept: RabbitMQ opens them only after the definitions are imported.
  # (Polling sockets costs nothing; each rabbitmqctl call costs a second of CPU on a busy machine.)
  until accepts "$amqp_port" && accepts "$amqps_port" && definitions_loaded; do
    if ! kill -0 "$launcher" 2>/dev/null || ((SECONDS - t0 > deadline)); then
      tail -n 30 "$base/log/stdout.log" "$base/log/$node.log" 2>/dev/null >&2 || true
      die "node $node did not start within ${deadline}s (logs in ${base#"$root"/}/log)"
    fi
    sleep 0.2
  done
  log "node $node up in $((SECONDS - t0)) s (pid $(cat "$pidfile")); AMQP $amqp_port, AMQPS $amqps_port, management $mgmt_port, stream $stream_port"
}

stop() {
  local t0=$SECONDS pid
  if pid=$(node_pid); then
    ! is_foreign "$pid" || die "node $node (pid $pid) belongs to another working copy ($(node_dir "$pid")); not stopping it"
    stop_pid "$pid"
    log "node $node stopped in $((SECONDS - t0)) s"
  else
    log "node $node is not running"
  fi
  rm -f "$pidfile"
}

status() {
  local pid
  if pid=$(node_pid); then
    log "node $node running (pid $pid, data $(node_dir "$pid"))"
    print_env
  else
    log "node $node is not running"
    return 3
  fi
}

case "${1:-}" in start | stop | reset) need_root "$1" ;; esac
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset)
    stop
    rm -rf "$base" "$run/rabbitmq" "$run/rabbitmq.env"
    log "node data deleted (certificates and secrets kept in ${run#"$root"/})"
    ;;
  env) print_env ;;
  *) sed -n '2,16s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
