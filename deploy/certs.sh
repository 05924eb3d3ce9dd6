#!/usr/bin/env bash
# Development PKI for the private RabbitMQ node: a dev CA, a server certificate (SAN localhost,
# 127.0.0.1) and one client certificate per hub user (CN = user name: each agency id from
# deploy/demo/agencies.json, hub-core, auditor) as PEM (.crt + .key) and .p12 (password
# CERT_P12_PASSWORD from .run/secrets.env). Everything goes to .run/certs (git-ignored).
# Idempotent: existing files are kept, missing ones are added; `--force` starts a new CA.
# BROKER_RUN_DIR (default .run) moves the whole output, as in deploy/rabbitmq.sh.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run="${BROKER_RUN_DIR:-$root/.run}"
dir="$run/certs"
secrets="$run/secrets.env"
agencies="${BROKER_AGENCIES:-$root/deploy/demo/agencies.json}"
days_ca=3650 days_leaf=825

[[ "${1:-}" == "--force" ]] && rm -rf "$dir"
mkdir -p "$run" "$dir"
chmod 700 "$dir"
umask 077

# The .p12 password lives with the other generated secrets (definitions.py adds the rest).
touch "$secrets" && chmod 600 "$secrets"
if ! grep -q '^CERT_P12_PASSWORD=' "$secrets"; then
  echo "CERT_P12_PASSWORD=$(openssl rand -hex 16)" >>"$secrets"
fi
p12pass=$(sed -n 's/^CERT_P12_PASSWORD=//p' "$secrets" | head -1)

# openssl is chatty on stderr even when it succeeds: show its output only when it fails.
ossl() {
  local out
  out=$(openssl "$@" 2>&1) || { echo "certs.sh: openssl $1 failed: $out" >&2; return 1; }
}

if [[ ! -f "$dir/ca.crt" || ! -f "$dir/ca.key" ]]; then
  rm -f "$dir"/*.crt "$dir"/*.key "$dir"/*.p12 "$dir"/*.srl
  ossl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" -days "$days_ca" \
    -subj "/O=Case Alert Broker (development)/CN=Broker Dev CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
fi

# leaf NAME EXTENSIONS...: key + CSR + certificate signed by the dev CA.
leaf() {
  local name=$1 ext=$2
  [[ -f "$dir/$name.crt" && -f "$dir/$name.key" ]] && return 0
  ossl req -new -newkey rsa:2048 -nodes -keyout "$dir/$name.key" -out "$dir/$name.csr" \
    -subj "/O=Case Alert Broker (development)/CN=$name"
  ossl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days_leaf" -sha256 -out "$dir/$name.crt" -extfile <(printf '%s\n' "$ext")
  rm -f "$dir/$name.csr" "$dir/$name.p12"
}

leaf server "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"

clients=(hub-core auditor)
mapfile -t -O 2 clients < <(python3 -c 'import json,sys; [print(a["id"]) for a in json.load(open(sys.argv[1]))["agencies"]]' "$agencies")
for name in "${clients[@]}"; do
  [[ "$name" =~ ^[A-Za-z0-9.-]+$ ]] || { echo "certs.sh: bad user name '$name'" >&2; exit 1; }
  leaf "$name" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  if [[ ! -f "$dir/$name.p12" ]]; then
    ossl pkcs12 -export -in "$dir/$name.crt" -inkey "$dir/$name.key" -certfile "$dir/ca.crt" \
      -name "$name" -out "$dir/$name.p12" -passout "file:"<(printf '%s' "$p12pass")
  fi
done
chmod 600 "$dir"/*.key "$dir"/*.p12
chmod 644 "$dir"/*.crt
echo "certs: CA, server and ${#clients[@]} client certificates in ${dir#"$root"/}"
