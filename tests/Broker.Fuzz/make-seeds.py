#!/usr/bin/env python3
"""Writes the committed seed corpus, tests/Broker.Fuzz/corpus/TARGET/NAME, from the project's own valid vectors and objects:
protocols/test-vectors/envelope-v1.json, the byte fixtures of tests/Broker.Protocol.Tests/Compatibility/pre-move-bytes.json,
deploy/policies and deploy/demo/alerts. Small on purpose: libFuzzer's mutations grow it, the seeds only point it at each format.
Rerun after a format change: python3 tests/Broker.Fuzz/make-seeds.py"""
import hashlib, json, os, shutil, struct

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "tests/Broker.Fuzz/corpus")
vectors = json.load(open(os.path.join(root, "protocols/test-vectors/envelope-v1.json")))
fixtures = json.load(open(os.path.join(root, "tests/Broker.Protocol.Tests/Compatibility/pre-move-bytes.json")))
shutil.rmtree(out, ignore_errors=True)

def seed(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

def read(path):
    with open(os.path.join(root, path), "rb") as f:
        return f.read()

h = bytes.fromhex
corrupted = {c["name"]: h(c["envelope"]) for c in vectors["corrupted"]}
for s in vectors["sealed"]:
    seed("envelope", s["name"], h(s["envelope"]))
    seed("envelope-header", s["name"], h(s["intermediates"]["header"]))
seed("envelope", "stripped", h(vectors["stripped"][2]["envelope"]))
for name in ("duplicate-map-key", "non-shortest-integer", "indefinite-length", "truncated"):
    seed("envelope", name, corrupted[name])
seed("envelope-verify", vectors["sealed"][0]["name"], h(vectors["sealed"][0]["envelope"]))
seed("envelope-verify", "stripped", h(vectors["stripped"][2]["envelope"]))
seed("envelope-verify", "expired", corrupted["expired"])

signed = h(vectors["signed_registry"])
assert signed[:3] == b"\xa2\x01\x59", "signed registry: expected {1: bstr(16-bit length), ...}"
length = struct.unpack(">H", signed[3:5])[0]
seed("registry", "signed", signed)
seed("registry", "document", signed[5:5 + length])

for name in ("receipt-payload-full", "receipt-payload-minimal", "receipt-signed", "receipt-batched", "receipt-proven"):
    seed("routing-receipt", name, h(fixtures[name]))
seed("tree-head", "sth", h(fixtures["sth"]))
seed("tree-head", "sth-payload", h(fixtures["sth-payload"]))
for name, hexbytes in fixtures["entries"].items():
    seed("audit-entry", name, h(hexbytes))

# proofs: an inclusion receipt, and raw material (first, second, index, rootA, rootB, path) for which both RFC 9162 checks hold:
# leaves a, b; index 0 in a tree of 2 (leaf hash a, root ab, path [b]); consistency 1 -> 2 (roots a and ab, proof [b]).
seed("proofs", "inclusion", h(fixtures["inclusion"]))
leaf = lambda d: hashlib.sha256(b"\x00" + d).digest()
node = lambda l, r: hashlib.sha256(b"\x01" + l + r).digest()
a, b = leaf(b"a"), leaf(b"b")
seed("proofs", "raw-size-2", struct.pack(">qqq", 1, 2, 0) + a + node(a, b) + b)

for country in ("th", "ru", "sg"):
    seed("policy", f"{country}.policy.json", read(f"deploy/policies/{country}.policy.json"))
seed("policy", "agencies.json", read("deploy/demo/agencies.json"))
seed("policy", "signature.sig", b"QUJD" * 20 + b"\n")

for name in sorted(os.listdir(os.path.join(root, "deploy/demo/alerts"))):
    alert = read(f"deploy/demo/alerts/{name}")
    seed("case-alert", name, alert)
    seed("opened-view", name, b"\xff" + alert)
    seed("opened-view", "narrow-" + name, b"\x01" + alert)
