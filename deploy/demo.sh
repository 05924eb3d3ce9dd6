#!/usr/bin/env bash
# The local demo network: RabbitMQ, the hub and one gateway per demo agency, then a demo alert that visibly arrives.
#
#   deploy/demo.sh [up]    build, start everything (idempotent: what runs is restarted with fresh config), send the
#                          demo alert TH-ONCB -> RU-MVD, MY-PDRM and show it arrive in RU-MVD's inbox
#   deploy/demo.sh stop    stop the gateways, the hub and the RabbitMQ node
#   deploy/demo.sh status  say what runs
#
# Everything generated lives in .run/demo (keys mode 600, registry, signed policies, configs, pids, logs, stores).
# Environment: BROKER_RMQ_INSTANCE=N (0-9) shifts RabbitMQ's ports by 10*N and the demo's HTTP ports by 100*N;
# BROKER_DEMO_DIR (default .run/demo); BROKER_DEMO_BUILD=0 skips the build (binaries must exist);
# BROKER_DEMO_CONFIGURATION (default Release); BROKER_DEMO_TIMEOUT seconds per wait (default 90).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
instance=${BROKER_RMQ_INSTANCE:-0}
[[ "$instance" =~ ^[0-9]$ ]] || { echo "demo: BROKER_RMQ_INSTANCE must be 0-9" >&2; exit 2; }
export BROKER_RMQ_INSTANCE=$instance
# The broker CLI (send, tail) connects with these; an inherited value from another node must not win.
export BROKER_RMQ_HOST=127.0.0.1 BROKER_RMQ_AMQP_PORT=$((5672 + 10 * instance)) BROKER_RMQ_SECRETS_FILE="$root/.run/secrets.env"
demo=${BROKER_DEMO_DIR:-$root/.run/demo}
configuration=${BROKER_DEMO_CONFIGURATION:-Release}
bin="$root/artifacts/bin"
cfg_dir=$(tr '[:upper:]' '[:lower:]' <<<"$configuration")
timeout=${BROKER_DEMO_TIMEOUT:-90}
agencies_file="$root/deploy/demo/agencies.json"
mapfile -t agencies < <(python3 -c 'import json,sys; [print(a["id"]) for a in json.load(open(sys.argv[1]))["agencies"]]' "$agencies_file")
mapfile -t countries < <(printf '%s\n' "${agencies[@]}" | cut -c1-2 | sort -u)
http_base=$((6000 + 100 * instance))
hub_port=$http_base
demo_alert="$root/deploy/demo/alerts/th-oncb-meth-shipment.json"
watch_agency=RU-MVD
web_agencies=(RU-MVD TH-ONCB)

log() { echo "demo: $*"; }
die() { echo "demo: $*" >&2; exit 1; }
broker() { dotnet "$bin/Broker.Cli/$cfg_dir/broker.dll" "$@"; }
gateway_port() { local i; for i in "${!agencies[@]}"; do [[ ${agencies[$i]} == "$1" ]] && { echo $((http_base + 1 + i)); return; }; done; }
web_port() { [[ $1 == RU-MVD ]] && echo $((http_base + 80)) || echo $((http_base + 81)); }
alive() { [[ -f "$1" ]] && kill -0 "$(<"$1")" 2>/dev/null; }

# --- processes -------------------------------------------------------------------------------------------------
# start NAME DLL ENVFILE: a background process with its own env file (one KEY=value a line), pid file and log.
start_process() {
  local name=$1 dll=$2 envfile=$3
  stop_process "$name"
  (
    set -a; . "$envfile"; set +a
    cd "$demo/$name"
    exec setsid nohup dotnet "$dll" >"$demo/logs/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$demo/pids/$name.pid"
}

stop_process() {
  local name=$1 pidfile="$demo/pids/$1.pid" pid i
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(<"$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { log "$name (pid $pid) did not stop in 15 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
  rm -f "$pidfile"
}

# wait_ready NAME BASE_URL: until BASE_URL/health/ready answers 200 (connections, consumers and stores all ready; 503 while
# not), the process dies, or the deadline passes. On failure it prints the last readiness answer, which names what failed.
wait_ready() {
  local name=$1 url=$2/health/ready t0=$SECONDS
  until curl -fs --max-time 2 -o /dev/null "$url" 2>/dev/null; do
    if ! alive "$demo/pids/$name.pid" || ((SECONDS - t0 > timeout)); then
      echo "demo: $name is not ready at $url after $((SECONDS - t0)) s: $(curl -s --max-time 2 "$url" 2>/dev/null || echo 'no answer')" >&2
      echo "demo: last lines of $demo/logs/$name.log:" >&2
      tail -n 40 "$demo/logs/$name.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  log "$name ready ($url) after $((SECONDS - t0)) s"
}

# The seeded demo account of an agency's web client, as the web client wrote it (mode 600) when it created the account.
web_account() { sed -n "s/^demo account: \($(tr '[:upper:]' '[:lower:]' <<<"$1").$2\) .* totp secret: \([A-Z2-7]*\) .*/\1 \2/p" "$demo/web-$1/demo-accounts.txt" | tail -n 1; }

# --- material --------------------------------------------------------------------------------------------------
keys_and_registry() {
  local keys="$demo/keys"
  mkdir -p "$keys" && chmod 700 "$keys"
  broker keys generate agency "${agencies[@]}" --out "$keys"
  broker keys generate country "${countries[@]}" --out "$keys"
  broker keys generate signing registry hub --out "$keys"
  broker registry build --agencies "$agencies_file" --keys "$keys" --hub-key "$keys/hub.pub" --out "$demo/registry.json"
  broker registry sign "$demo/registry.json" --key "$keys/registry.seed" --out "$demo/registry.cbor"
  broker registry show "$demo/registry.cbor" --anchor "$keys/registry.pub" >"$demo/registry.txt"
  # Each demo country signs its own sample policy (the registry lists only their policy keys).
  rm -rf "$demo/policies" && mkdir -p "$demo/policies"
  local cc lower
  for cc in "${countries[@]}"; do
    lower=$(tr '[:upper:]' '[:lower:]' <<<"$cc")
    [[ -f "$root/deploy/policies/$lower.policy.json" ]] || continue
    cp "$root/deploy/policies/$lower.policy.json" "$demo/policies/"
    broker policy sign --key "$keys/$cc.policy.seed" "$demo/policies/$lower.policy.json"
  done
}

secret() { sed -n "s/^$1=//p" "$root/.run/secrets.env"; }
password_of() { local u=${1^^}; secret "RMQ_PASSWORD_${u//[-.]/_}"; }

kv() { printf '%s=%q\n' "$1" "$2"; }

# Configuration as environment files (ASP.NET Core's KEY__SUB=value): adding a setting is one line here.
write_configs() {
  [[ -s "$demo/keys/auditor.token" ]] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$demo/keys/auditor.token")
  local amqp amqps certs a
  amqp=$((5672 + 10 * instance)) amqps=$((5671 + 10 * instance)) certs="$root/.run/certs"
  mkdir -p "$demo/hub"
  {
    kv "ASPNETCORE_ENVIRONMENT" "Production"
    kv "Urls" "http://127.0.0.1:$hub_port"
    kv "Rabbit__Port" "$amqp"
    kv "Rabbit__Password" "$(password_of hub-core)"
    kv "Internal__Port" "$amqp"
    kv "Internal__Password" "$(password_of hub-core)"
    kv "Trust__RegistryPath" "$demo/registry.cbor"
    kv "Trust__TrustAnchorPath" "$demo/keys/registry.pub"
    kv "Trust__HubSigningKeyPath" "$demo/keys/hub.seed"
    kv "EnvelopeClaims__SqlitePath" "$demo/hub/envelope-claims.db"
    # The hub evaluates the same signed policies as the gateways, independently, and records everything in the
    # audit log (the one record of its decisions); auditors read it through the API with the token in auditor.token.
    kv "Policies__Directory" "$demo/policies"
    kv "Audit__Mode" "Direct"
    kv "Audit__Store" "Sqlite"
    kv "Audit__SqlitePath" "$demo/hub/audit.db"
    kv "AuditorApi__Enabled" "true"
    kv "AuditorApi__Accounts__0__Name" "demo-auditor"
    kv "AuditorApi__Accounts__0__TokenSha256" "$(printf %s "$(<"$demo/keys/auditor.token")" | sha256sum | cut -d' ' -f1)"
  } >"$demo/hub.env"
  for a in "${agencies[@]}"; do
    mkdir -p "$demo/$a"
    {
      kv "ASPNETCORE_ENVIRONMENT" "Production"
      kv "Urls" "http://127.0.0.1:$(gateway_port "$a")"
      kv "Gateway__Agency" "$a"
      kv "Gateway__StorePath" "$demo/$a/gateway.db"
      kv "Gateway__KeyFilePath" "$demo/keys/$a.keys"
      kv "Gateway__KeyPassphrase" "$(tr -d '\n' <"$demo/keys/$a.passphrase")"
      kv "Gateway__RegistryPath" "$demo/registry.cbor"
      kv "Gateway__TrustAnchorPath" "$demo/keys/registry.pub"
      kv "Gateway__AgencyBroker__Port" "$amqp"
      kv "Gateway__AgencyBroker__VirtualHost" "agency.$a"
      kv "Gateway__AgencyBroker__UserName" "$a.gateway"
      kv "Gateway__AgencyBroker__Password" "$(password_of "$a.gateway")"
      kv "Gateway__HubBroker__Port" "$amqps"
      kv "Gateway__HubBroker__ClientCertificatePath" "$certs/$a.p12"
      kv "Gateway__HubBroker__ClientCertificatePassphrase" "$(secret CERT_P12_PASSWORD)"
      kv "Gateway__HubBroker__CaCertificatePath" "$certs/ca.crt"
      kv "Gateway__Policies__Directory" "$demo/policies"
      # >>> further gateway settings go here, one line each.
    } >"$demo/$a.env"
  done
  chmod 600 "$demo/"*.env
}

# --- commands --------------------------------------------------------------------------------------------------
up() {
  local t0=$SECONDS a
  log "== dependencies"
  "$root/deploy/install-deps.sh"
  mkdir -p "$demo/pids" "$demo/logs" && chmod 700 "$demo"
  if [[ ${BROKER_DEMO_BUILD:-1} != 0 ]]; then
    log "== build ($configuration: the CLI, the hub, and the web client with the gateway it reads)"
    { for project in Broker.Cli Broker.Hub Broker.Web; do
        dotnet build "src/$project" -c "$configuration" -nologo -v quiet || exit 1
      done; } >"$demo/logs/build.log" 2>&1 ||
      { tail -n 40 "$demo/logs/build.log" >&2; die "the build failed (log: $demo/logs/build.log)"; }
  fi
  local dll
  for dll in Broker.Cli/$cfg_dir/broker.dll Broker.Hub/$cfg_dir/Broker.Hub.dll Broker.Gateway/$cfg_dir/Broker.Gateway.dll Broker.Web/$cfg_dir/Broker.Web.dll; do
    [[ -f "$bin/$dll" ]] || die "artifacts/bin/$dll is missing (build first, or unset BROKER_DEMO_BUILD)"
  done
  log "== RabbitMQ (instance $instance)"
  "$root/deploy/rabbitmq.sh" start
  log "== keys, trust registry, signed policies"
  keys_and_registry
  write_configs
  log "== hub and gateways"
  start_process hub "$bin/Broker.Hub/$cfg_dir/Broker.Hub.dll" "$demo/hub.env"
  for a in "${agencies[@]}"; do
    start_process "$a" "$bin/Broker.Gateway/$cfg_dir/Broker.Gateway.dll" "$demo/$a.env"
  done
  wait_ready hub "http://127.0.0.1:$hub_port"
  for a in "${agencies[@]}"; do wait_ready "$a" "http://127.0.0.1:$(gateway_port "$a")"; done

  log "== officers' web client for RU-MVD and TH-ONCB"
  local w
  for w in "${web_agencies[@]}"; do
    mkdir -p "$demo/web-$w"
    {
      kv "ASPNETCORE_ENVIRONMENT" "Production"
      kv "Urls" "http://127.0.0.1:$(web_port "$w")"
      kv "Web__Agency" "$w"
      kv "Web__GatewayStorePath" "$demo/$w/gateway.db"
      kv "Web__AccountsPath" "$demo/web-$w/web-accounts.db"
      kv "Web__SeedDemo" "true"
      kv "Web__SeedDemoOutsideDevelopment" "true"
      kv "Web__Rabbit__Port" "$((5672 + 10 * instance))"
      kv "Web__Rabbit__Password" "$(password_of "$w.system")"
    } >"$demo/web-$w.env"
    chmod 600 "$demo/web-$w.env"
    start_process "web-$w" "$bin/Broker.Web/$cfg_dir/Broker.Web.dll" "$demo/web-$w.env"
  done
  for w in "${web_agencies[@]}"; do wait_ready "web-$w" "http://127.0.0.1:$(web_port "$w")"; done

  log "== demo alert: TH-ONCB -> RU-MVD, MY-PDRM"
  local sent id
  sent=$(broker send "$demo_alert" --fresh --wait "$timeout") || { echo "$sent"; tail -n 30 "$demo/logs/TH-ONCB.log" "$demo/logs/hub.log" >&2; die "the demo alert was not routed"; }
  echo "$sent"
  id=$(sed -n 's/^alert \([^ ]*\) accepted.*/\1/p' <<<"$sent" | head -n 1)
  echo "$id" >"$demo/last-alert-id"
  log "== RU-MVD's inbox (as RU-MVD's case system reads it)"
  broker tail "$watch_agency" --until "$id" --timeout "$timeout" ||
    { tail -n 30 "$demo/logs/$watch_agency.log" >&2; die "the demo alert did not arrive at $watch_agency"; }

  cat <<EOF

demo: up in $((SECONDS - t0)) s.
  RabbitMQ   node broker$([[ $instance == 0 ]] || echo "$instance")@localhost, AMQP $((5672 + 10 * instance)), management http://127.0.0.1:$((15672 + 10 * instance)) (user admin, password in .run/secrets.env)
  hub        http://127.0.0.1:$hub_port/health/ready   pid $(<"$demo/pids/hub.pid")
$(for a in "${agencies[@]}"; do printf '  %-10s http://127.0.0.1:%s/health/ready   pid %s\n' "$a" "$(gateway_port "$a")" "$(<"$demo/pids/$a.pid")"; done)
$(for w in "${web_agencies[@]}"; do read -r user secret <<<"$(web_account "$w" supervisor)"; printf '  web %-6s http://127.0.0.1:%s   sign in as %s, password %s, code: dotnet %s totp %s\n' "$w" "$(web_port "$w")" "$user" "demo-officer-password" "$bin/Broker.Cli/$cfg_dir/broker.dll" "$secret"; done)
             (demo accounts only; <id>.officer, .supervisor and .admin are in .run/demo/web-<ID>/demo-accounts.txt)
  auditor    curl -H "Authorization: Bearer \$(cat ${demo#"$root"/}/keys/auditor.token)" http://127.0.0.1:$hub_port/audit/v1/tree-head
             dotnet $bin/Broker.Cli/$cfg_dir/broker.dll audit verify --sqlite ${demo#"$root"/}/hub/audit.db --registry-anchor ${demo#"$root"/}/keys/registry.pub
  files      ${demo#"$root"/}: keys/ (private keys mode 600), registry.cbor, policies/, *.env, logs/, pids/
Try:
  dotnet $bin/Broker.Cli/$cfg_dir/broker.dll send deploy/demo/alerts/sg-cnb-nps-broadcast.json --fresh --wait 30
  dotnet $bin/Broker.Cli/$cfg_dir/broker.dll tail MY-PDRM --timeout 10
Stop everything: deploy/demo.sh stop
EOF
}

stop() {
  local a
  for a in "${agencies[@]}"; do stop_process "$a"; done
  stop_process hub
  for pidfile in "$demo"/pids/*.pid; do [[ -f $pidfile ]] && stop_process "$(basename "$pidfile" .pid)"; done
  "$root/deploy/rabbitmq.sh" stop
  log "stopped"
}

status() {
  local name rc=0
  for name in hub "${agencies[@]}" "${web_agencies[@]/#/web-}"; do
    if alive "$demo/pids/$name.pid"; then log "$name running (pid $(<"$demo/pids/$name.pid"))"; else log "$name not running"; rc=3; fi
  done
  "$root/deploy/rabbitmq.sh" status >/dev/null && log "RabbitMQ node running" || { log "RabbitMQ node not running"; rc=3; }
  return $rc
}

case "${1:-up}" in
  up | start) up ;;
  stop | down) stop ;;
  status) status ;;
  *) sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
