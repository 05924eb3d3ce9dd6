#!/usr/bin/env bash
# A 3-node RabbitMQ cluster on 127.0.0.1 for failover tests (quorum queues replicated on all three).
#
#   deploy/cluster.sh start    start the three nodes, form the cluster, load the definitions
#   deploy/cluster.sh stop     stop all nodes (no-op for nodes already stopped)
#   deploy/cluster.sh status   list the running nodes
#   deploy/cluster.sh reset    stop and delete the cluster's data
#   deploy/cluster.sh env      print shell exports (ports per node, cert dir, secrets file)
#   deploy/cluster.sh kill N   SIGKILL node N (1-3), to test failover; `start` brings it back
#
# Nodes brokerc1..3@localhost: AMQP 5701-5703, AMQPS (mutual TLS) 5711-5713, distribution 25701-25703.
# No management plugin (memory and start time). Every node imports the users, vhosts and permissions at boot
# (definitions-boot.json), so RabbitMQ never creates its default `guest` administrator; the queues are imported
# once the cluster has formed, so every quorum queue gets three members. Same users, passwords and certificates
# as deploy/rabbitmq.sh.
# The single node of deploy/rabbitmq.sh can run beside it.
# BROKER_CLUSTER_INSTANCE=N (1-9) moves every port up by 1000*N and names the nodes brokerNc1..3@localhost;
# BROKER_CLUSTER_SIZE (1-3, default 3) starts fewer nodes; BROKER_RUN_DIR (default .run) moves every generated
# file. Tests use them to start a private cluster beside the developer's (tests/Broker.IntegrationTests/Topology).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run="${BROKER_RUN_DIR:-$root/.run}"
base="$run/cluster"
# When .run/cluster is a link (see prepare), the nodes only ever see the real path.
[[ -L "$base" ]] && base=$(readlink -f "$base")
certs="$run/certs"
secrets="$run/secrets.env"
agencies="${BROKER_AGENCIES:-$root/deploy/demo/agencies.json}"
instance=${BROKER_CLUSTER_INSTANCE:-0}
[[ "$instance" =~ ^[0-9]$ ]] || { echo "cluster: BROKER_CLUSTER_INSTANCE must be 0-9" >&2; exit 2; }
size=${BROKER_CLUSTER_SIZE:-3}
[[ "$size" =~ ^[123]$ ]] || { echo "cluster: BROKER_CLUSTER_SIZE must be 1-3" >&2; exit 2; }
offset=$((instance * 1000))
nodes=($(seq 1 "$size"))
deadline=${BROKER_RMQ_TIMEOUT:-$([[ "${CI:-}" == true ]] && echo 120 || echo 90)}

log() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

name() { echo "broker$([[ $instance == 0 ]] || echo "$instance")c$1@localhost"; }
amqp() { echo $((5700 + offset + $1)); }
amqps() { echo $((5710 + offset + $1)); }

node_env() {
  local i=$1 dir="$base/n$1"
  export RABBITMQ_NODENAME="$(name "$i")" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$(amqp "$i")
  export RABBITMQ_DIST_PORT=$((25700 + offset + i))
  export RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/node.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

node_pid() { # the beam of node $1, found by the node name in its environment
  local proc comm
  for proc in /proc/[0-9]*; do
    read -r comm 2>/dev/null <"$proc/comm" && [[ "$comm" == beam.smp ]] || continue
    tr '\0' '\n' <"$proc/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=$(name "$1")" && { echo "${proc#/proc/}"; return 0; }
  done
  return 1
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_exit() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

prepare() {
  local i dir
  mkdir -p "$run"
  # A clone in a private folder (a home directory, mktemp -d) is out of the rabbitmq user's reach: the nodes' files
  # then live under /var/lib/rabbitmq, linked from .run/cluster, as deploy/rabbitmq.sh does for the single node.
  if [[ -L "$run/cluster" ]] || ! runuser -u rabbitmq -- test -x "$run"; then
    local target
    target="/var/lib/rabbitmq/broker-cluster-$(printf '%s' "$run" | sha256sum | cut -c1-12)-$instance"
    mkdir -p "$target"
    [[ -L "$run/cluster" ]] || { rm -rf "$run/cluster"; ln -s "$target" "$run/cluster"; }
    base=$target
  fi
  BROKER_RUN_DIR="$run" "$root/deploy/certs.sh" >/dev/null
  mkdir -p "$base/tls"
  python3 "$root/deploy/rabbitmq/definitions.py" "$agencies" "$secrets" "$base/definitions.json" "$base/definitions-boot.json" >/dev/null
  install -m 644 "$certs/ca.crt" "$certs/server.crt" "$base/tls/"
  install -m 600 "$certs/server.key" "$base/tls/"
  for i in "${nodes[@]}"; do
    dir="$base/n$i"
    mkdir -p "$dir/mnesia" "$dir/log"
    echo '[rabbitmq_auth_mechanism_ssl].' >"$dir/enabled_plugins"
    : >"$dir/rabbitmq-env.conf"
    cat >"$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$(amqp "$i")
listeners.ssl.default = 127.0.0.1:$(amqps "$i")
loopback_users = none
ssl_options.cacertfile = $base/tls/ca.crt
ssl_options.certfile = $base/tls/server.crt
ssl_options.keyfile = $base/tls/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = true
ssl_cert_login_from = common_name
auth_mechanisms.1 = PLAIN
auth_mechanisms.2 = AMQPLAIN
auth_mechanisms.3 = EXTERNAL
cluster_formation.peer_discovery_backend = classic_config
$(for j in "${nodes[@]}"; do echo "cluster_formation.classic_config.nodes.$j = $(name "$j")"; done)
# Users at boot: a node with definitions to import never creates the default guest user.
definitions.import_backend = local_filesystem
definitions.local.path = $base/definitions-boot.json
max_message_size = 8388608
vm_memory_high_watermark.absolute = 1GB
disk_free_limit.absolute = 200MB
log.console = false
EOF
  done
  chown -R rabbitmq:rabbitmq "$base"
}

print_env() {
  cat <<EOF
export BROKER_CLUSTER_NODES=$(for i in "${nodes[@]}"; do name "$i"; done | paste -sd,)
export BROKER_CLUSTER_AMQP_PORTS=$(for i in "${nodes[@]}"; do amqp "$i"; done | paste -sd,)
export BROKER_CLUSTER_AMQPS_PORTS=$(for i in "${nodes[@]}"; do amqps "$i"; done | paste -sd,)
export BROKER_RMQ_HOST=localhost
export BROKER_RMQ_CERT_DIR=$certs
export BROKER_RMQ_SECRETS_FILE=$secrets
EOF
}

start() {
  local t0=$SECONDS i fresh=0 started=()
  [[ -x /usr/sbin/rabbitmq-server ]] || "$root/deploy/install-deps.sh"
  [[ -f "$base/imported" ]] || fresh=1
  prepare
  for i in "${nodes[@]}"; do
    node_pid "$i" >/dev/null && continue
    accepts "$(amqp "$i")" && die "port 127.0.0.1:$(amqp "$i") is in use by another program"
    (node_env "$i"; rm -f "$RABBITMQ_PID_FILE"; setsid nohup /usr/sbin/rabbitmq-server >"$base/n$i/log/stdout.log" 2>&1 </dev/null &)
    started+=("$i")
  done
  for i in "${nodes[@]}"; do
    until accepts "$(amqp "$i")" && accepts "$(amqps "$i")"; do
      ((SECONDS - t0 > deadline)) && { tail -n 20 "$base/n$i/log/"*.log >&2 || true; die "node $(name "$i") did not start within ${deadline}s"; }
      sleep 0.3
    done
  done
  node_env 1
  # Boot peer discovery forms the cluster; wait until all three are members before importing.
  until [[ $(rabbitmqctl -n "$(name 1)" -q cluster_status --formatter json 2>/dev/null |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("running_nodes", [])))' 2>/dev/null) == "$size" ]]; do
    ((SECONDS - t0 > deadline)) && die "the cluster did not form within ${deadline}s"
    sleep 1
  done
  if ((fresh)) || ((${#started[@]} == size)); then
    rabbitmqctl -n "$(name 1)" -q import_definitions "$base/definitions.json" >/dev/null
    touch "$base/imported"
  fi
  log "$size node(s) running (started: ${started[*]:-none}) in $((SECONDS - t0)) s; AMQP $(amqp 1)-$(amqp "$size"), AMQPS $(amqps 1)-$(amqps "$size")"
}

stop() {
  local i pid pids=()
  for i in "${nodes[@]}"; do
    if pid=$(node_pid "$i"); then kill -TERM "$pid"; pids+=("$pid"); fi
  done
  for pid in "${pids[@]}"; do
    wait_exit "$pid" "$deadline" || { kill -KILL "$pid" 2>/dev/null || true; wait_exit "$pid" 10 || true; }
  done
  log "${#pids[@]} node(s) stopped"
}

[[ $(id -u) -eq 0 || "${1:-}" == env ]] || die "run as root (the Debian scripts switch to the rabbitmq user)"
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    for i in "${nodes[@]}"; do
      if pid=$(node_pid "$i"); then log "$(name "$i") running (pid $pid)"; else log "$(name "$i") stopped"; fi
    done
    ;;
  reset) stop; rm -rf "$base"; log "cluster data deleted" ;;
  env) print_env ;;
  kill)
    [[ "${2:-}" =~ ^[1-$size]$ ]] || die "usage: $0 kill 1..$size"
    pid=$(node_pid "$2") || die "$(name "$2") is not running"
    kill -KILL "$pid"
    log "killed $(name "$2") (pid $pid)"
    ;;
  *) sed -n '2,20s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
