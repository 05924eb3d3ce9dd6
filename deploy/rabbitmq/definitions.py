#!/usr/bin/env python3
"""Generates the RabbitMQ definitions (vhosts, users, permissions, topology) from the agency list.

Implements the topology agreed in protocols/amqp.md: one `hub` vhost for envelopes and one
`agency.<ID>` vhost per agency. Agency hub users are certificate-only (empty password hash, so only
SASL EXTERNAL over mutual TLS logs them in); every other user gets a generated password that is kept
in the secrets file (mode 600) and only its salted SHA-256 hash goes into the definitions.

usage: definitions.py AGENCIES_JSON SECRETS_ENV OUTPUT_JSON [BOOT_JSON]

BOOT_JSON, when given, receives the users, vhosts and permissions only (no queues): deploy/cluster.sh has every node import
it at boot, which is what stops RabbitMQ from creating its default `guest` administrator; the queues are imported once the
cluster has formed, so every quorum queue gets three members.
"""
import base64
import hashlib
import json
import os
import re
import secrets
import sys

AGENCY_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,16}$")  # embedded in permission regexes: keep it plain
HUB = "hub"

# Per-sender ingress bounds (protocols/amqp.md §3.5): one agency's burst waits in its own queue, which refuses further
# publishes (basic.nack, the gateway's outbox keeps the envelope and retries) once it holds this many messages or bytes.
INGRESS_MAX_LENGTH = 10_000
INGRESS_MAX_BYTES = 256 * 1024 * 1024
# Every queue a process consumes: a message handed back this many times goes to the dead letters instead.
DELIVERY_LIMIT = 5
# Per-agency hub user limits (protocols/amqp.md §3.4): a compromised gateway cannot exhaust the node's connections or channels.
AGENCY_MAX_CONNECTIONS = 16
AGENCY_MAX_CHANNELS = 256
# Retention (§3.4; policies, so a running node takes new values without redeclaring the queues).
DEAD_LETTERS_RETENTION = {"max-length": 50_000, "max-length-bytes": 512 * 1024 * 1024, "overflow": "drop-head",
                          "message-ttl": 14 * 24 * 3600 * 1000}
ARCHIVE_RETENTION = {"max-age": "30D", "max-length-bytes": 2 * 1024 * 1024 * 1024,
                     "stream-max-segment-size-bytes": 64 * 1024 * 1024}


def secret_key(user):
    """RMQ_PASSWORD_<USER>, e.g. TH-ONCB.system -> RMQ_PASSWORD_TH_ONCB_SYSTEM."""
    return "RMQ_PASSWORD_" + re.sub(r"[^A-Z0-9]", "_", user.upper())


def load_secrets(path):
    values = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, value = line.split("=", 1)
                    values[key] = value
    return values


def save_secrets(path, values):
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("# Generated development secrets. Never commit, never print.\n")
        for key in sorted(values):
            f.write(f"{key}={values[key]}\n")
    os.replace(path + ".tmp", path)


def password_hash(password):
    """RabbitMQ's rabbit_password_hashing_sha256: base64(salt(4) + sha256(salt + password))."""
    salt = secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def queue(vhost, name, **arguments):
    return {"name": name, "vhost": vhost, "durable": True, "auto_delete": False, "arguments": arguments}


def quorum(vhost, name, **arguments):
    return queue(vhost, name, **{"x-queue-type": "quorum", **arguments})


def exchange(vhost, name, kind):
    return {"name": name, "vhost": vhost, "type": kind, "durable": True, "auto_delete": False,
            "internal": False, "arguments": {}}


def binding(vhost, source, destination, key):
    return {"source": source, "vhost": vhost, "destination": destination, "destination_type": "queue",
            "routing_key": key, "arguments": {}}


def policy(vhost, name, pattern, apply_to, definition):
    return {"vhost": vhost, "name": name, "pattern": pattern, "apply-to": apply_to, "priority": 10,
            "definition": definition}


def ingress_queue(aid):
    """hub.ingress.<ID>: one sender's envelopes, consumed by the routing core round-robin with the other senders'."""
    return quorum(HUB, f"hub.ingress.{aid}", **{"x-dead-letter-exchange": "hub.dlx", "x-delivery-limit": DELIVERY_LIMIT,
                                                "x-max-length": INGRESS_MAX_LENGTH,
                                                "x-max-length-bytes": INGRESS_MAX_BYTES,
                                                "x-overflow": "reject-publish"})


def perm(user, vhost, configure, write, read):
    return {"user": user, "vhost": vhost, "configure": configure, "write": write, "read": read}


def build(agencies, password_for):
    users, vhosts, permissions, topic_permissions, policies = [], [], [], [], []
    exchanges, queues, bindings = [], [], []

    def user(name, tags=(), cert_only=False, limits=None):
        entry = {"name": name, "tags": ",".join(tags), "hashing_algorithm": "rabbit_password_hashing_sha256",
                 "password_hash": "" if cert_only else password_hash(password_for(name))}
        if limits:
            entry["limits"] = limits
        users.append(entry)

    # hub: the cross-border network, envelopes only.
    vhosts.append({"name": HUB, "metadata": {"description": "cross-border network: envelopes only"}})
    exchanges += [exchange(HUB, "hub.ingress", "topic"), exchange(HUB, "hub.delivery", "direct"),
                  exchange(HUB, "hub.dlx", "topic")]
    # Ingress is one queue per sender (hub.ingress.<ID>, below), never one shared FIFO: fair scheduling at the hub.
    queues += [queue(HUB, "hub.ingress.archive", **{"x-queue-type": "stream"}),
               quorum(HUB, "hub.dead-letters")]
    bindings += [binding(HUB, "hub.ingress", "hub.ingress.archive", "from.*"),
                 binding(HUB, "hub.dlx", "hub.dead-letters", "#")]
    policies += [policy(HUB, "hub-dead-letters-retention", r"^hub\.dead-letters$", "queues", DEAD_LETTERS_RETENTION),
                 policy(HUB, "hub-ingress-archive-retention", r"^hub\.ingress\.archive$", "queues", ARCHIVE_RETENTION)]
    user("hub-core")
    # Reads every sender's ingress queue, never the archive stream (an agency id always contains a '-').
    permissions.append(perm("hub-core", HUB, "^$", r"^(hub\.delivery|hub\.dlx)$", r"^hub\.ingress\.[A-Z]{2}-[A-Z0-9]{2,16}$"))
    # hub-internal: the hub instances' own plumbing (MassTransit: audit records to the single audit
    # sequencer with Audit:Mode = Bus). MassTransit declares its exchanges and queues after message types,
    # so hub-core has every right there and nobody else has any.
    vhosts.append({"name": "hub-internal", "metadata": {"description": "routing core service plumbing (MassTransit)"}})
    permissions.append(perm("hub-core", "hub-internal", ".*", ".*", ".*"))
    user("auditor")
    permissions.append(perm("auditor", HUB, "^$", "^$", r"^hub\.ingress\.archive$"))
    user("admin", tags=("administrator",))

    for agency in agencies:
        aid = agency["id"]
        # hub side: the agency's gateway, certificate-only (CN = agency id).
        user(aid, cert_only=True, limits={"max-connections": AGENCY_MAX_CONNECTIONS, "max-channels": AGENCY_MAX_CHANNELS})
        permissions.append(perm(aid, HUB, "^$", r"^hub\.ingress$", rf"^deliver\.{aid}$"))
        topic_permissions.append({"user": aid, "vhost": HUB, "exchange": "hub.ingress",
                                  "write": rf"^from\.{aid}$", "read": "^$"})
        # A delivery the gateway cannot finish 20 times (backoff up to 30 s: minutes, not forever) goes to hub.dead-letters
        # instead of looping; content faults are quarantined and acked by the gateway before that (protocols/amqp.md).
        queues.append(quorum(HUB, f"deliver.{aid}", **{"x-dead-letter-exchange": "hub.dlx", "x-delivery-limit": 20}))
        bindings.append(binding(HUB, "hub.delivery", f"deliver.{aid}", aid))
        queues.append(ingress_queue(aid))
        bindings.append(binding(HUB, "hub.ingress", f"hub.ingress.{aid}", f"from.{aid}"))

        # premises side: the agency's own systems and its gateway, plain JSON.
        vhost = f"agency.{aid}"
        vhosts.append({"name": vhost, "metadata": {"description": f"{aid} premises: plain case alerts"}})
        exchanges += [exchange(vhost, "agency.outbound", "direct"), exchange(vhost, "agency.inbound", "topic"),
                      exchange(vhost, "agency.dlx", "fanout")]
        queues += [quorum(vhost, "gateway.outbound", **{"x-dead-letter-exchange": "agency.dlx", "x-delivery-limit": 10}),
                   quorum(vhost, "agency.inbox"), quorum(vhost, "gateway.outbound.dead")]
        bindings += [binding(vhost, "agency.outbound", "gateway.outbound", "alert"),
                     binding(vhost, "agency.outbound", "gateway.outbound", "action"),
                     binding(vhost, "agency.inbound", "agency.inbox", "#"),
                     binding(vhost, "agency.dlx", "gateway.outbound.dead", "")]
        user(f"{aid}.system")
        permissions.append(perm(f"{aid}.system", vhost, "^$", r"^agency\.outbound$", r"^agency\.inbox$"))
        user(f"{aid}.gateway")
        permissions.append(perm(f"{aid}.gateway", vhost, "^$", r"^(agency\.inbound|agency\.dlx)$",
                                r"^gateway\.outbound$"))
        # gateway.<ID>: the gateway's own MassTransit plumbing, for its service user only.
        vhosts.append({"name": f"gateway.{aid}", "metadata": {"description": f"{aid} gateway service plumbing"}})
        permissions.append(perm(f"{aid}.gateway", f"gateway.{aid}", ".*", ".*", ".*"))

    # Operators: management and full rights everywhere (development node only).
    permissions += [perm("admin", v["name"], ".*", ".*", ".*") for v in vhosts]

    return {"rabbit_version": "3.10.8", "users": users, "vhosts": vhosts, "permissions": permissions,
            "topic_permissions": topic_permissions, "parameters": [], "global_parameters": [], "policies": policies,
            "exchanges": exchanges, "queues": queues, "bindings": bindings}


def write_json(path, document):
    # Holds password hashes only; readable by the rabbitmq user through the script's copy.
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    os.replace(path + ".tmp", path)


BOOT_KEYS = ("rabbit_version", "users", "vhosts", "permissions", "topic_permissions")


def main(agencies_path, secrets_path, output_path, boot_path=None):
    with open(agencies_path, encoding="utf-8") as f:
        agencies = json.load(f)["agencies"]
    seen = set()
    for agency in agencies:
        aid = agency.get("id", "")
        if not AGENCY_ID.match(aid) or aid in seen:
            sys.exit(f"definitions.py: invalid or duplicate agency id {aid!r} in {agencies_path}")
        seen.add(aid)

    values = load_secrets(secrets_path)
    changed = False

    def password_for(user):
        nonlocal changed
        key = secret_key(user)
        if key not in values:
            values[key] = secrets.token_hex(16)
            changed = True
        return values[key]

    definitions = build(agencies, password_for)
    if "CERT_P12_PASSWORD" not in values:
        values["CERT_P12_PASSWORD"] = secrets.token_hex(16)
        changed = True
    if changed or not os.path.exists(secrets_path):
        save_secrets(secrets_path, values)

    write_json(output_path, definitions)
    if boot_path:
        write_json(boot_path, {key: definitions[key] for key in BOOT_KEYS})
    print(f"definitions: {len(definitions['vhosts'])} vhosts, {len(definitions['users'])} users, "
          f"{len(definitions['queues'])} queues")


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
