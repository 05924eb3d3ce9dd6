// Runs every case of protocols/test-vectors/envelope-v1.json through the independent implementation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as c from './crypto.mjs';
import * as env from './envelope.mjs';
import { loadVectors, sealRequest } from './vectors.mjs';

const V = loadVectors();
const registry = V.registry();
const now = V.raw.now_ms;
const me = (agency) => ({ agency, key: V.agencies.get(agency).encryption });
const codeOf = (fn) => { try { fn(); return null; } catch (e) { if (e instanceof env.Reject) return e.code; throw e; } };

test('agencies: public keys and key ids derive from the seeds', () => {
  for (const a of V.agencies.values()) {
    assert.equal(c.hex(a.signing.edPublic), a.ed25519_public_key, a.id);
    assert.equal(c.hex(a.signing.mlPublic), a.ml_dsa_65_public_key, a.id);
    assert.equal(c.hex(a.signing.keyId), a.signing_key_id, a.id);
    assert.equal(c.hex(a.encryption.publicKey), a.encryption_public_key, a.id);
    assert.equal(c.hex(a.encryption.keyId), a.encryption_key_id, a.id);
  }
  const rk = c.signingKeyFromSeed(c.unhex(V.raw.registry_key.seed));
  assert.equal(c.hex(rk.keyId), V.raw.registry_key.signing_key_id);
});

test('registry: verifies under the trust anchor and lists every agency', () => {
  assert.deepEqual([...registry.agencies.keys()].sort(), [...V.agencies.keys()].sort());
  const tampered = c.unhex(V.raw.signed_registry);
  tampered[40] ^= 1;
  assert.ok([204, 205].includes(codeOf(() => env.loadRegistry(tampered, V.anchor))));
});

for (const entry of V.raw.sealed) {
  test(`sealed ${entry.name}: intermediates and envelope reproduced byte for byte`, () => {
    const sender = V.agencies.get(entry.sender);
    const inter = entry.intermediates;
    const bytes = env.seal(sealRequest(entry, V.agencies), { agency: entry.sender, key: sender.signing },
      c.testEntropy(c.unhex(entry.entropy_seed)));
    const parsed = env.parseEnvelope(bytes);
    assert.equal(c.hex(parsed.headerBytes), inter.header);
    assert.equal(c.hex(c.sha256(parsed.headerBytes)), inter.header_sha256);
    assert.equal(c.hex(c.transcript(1, env.ENVELOPE_PURPOSE, parsed.headerBytes)), inter.signature_transcript);
    inter.views.forEach((v, i) => assert.equal(c.hex(c.sha256(parsed.views[i].ciphertext)), v.ciphertext_sha256));
    assert.equal(c.hex(bytes), entry.envelope);
  });

  for (const o of entry.open) {
    test(`sealed ${entry.name}: ${o.agency} ${o.reject ? `rejected ${o.reject}` : `opens view ${o.view}`}`, () => {
      check(c.unhex(entry.envelope), o);
    });
  }
}

function check(bytes, o) {
  if (o.reject) {
    assert.equal(codeOf(() => env.open(bytes, me(o.agency), registry, now)), o.reject);
  } else {
    const result = env.open(bytes, me(o.agency), registry, now);
    assert.equal(result.view, o.view);
    assert.equal(c.hex(result.plaintext), o.plaintext);
  }
}

for (const s of V.raw.stripped) {
  const from = V.raw.sealed.find((e) => e.name === s.from);
  test(`stripped to [${s.keep.join(', ')}]: same bytes as the reference`, () => {
    const verified = env.verify(c.unhex(from.envelope), registry, now);
    assert.equal(c.hex(env.strip(verified, s.keep)), s.envelope);
  });
  for (const o of s.open) {
    test(`stripped to [${s.keep.join(', ')}]: ${o.agency} ${o.reject ? `rejected ${o.reject}` : `opens view ${o.view}`}`, () => {
      check(c.unhex(s.envelope), o);
    });
  }
}

// Conformance entries (envelope-v1.md §13): a named registry variant, an opener holding another encryption key, and inputs
// padded with zero bytes (kept out of the file).
const registries = new Map((V.raw.registries ?? []).map((r) => [r.name, env.loadRegistry(c.unhex(r.signed_registry), V.anchor)]));
const registryOf = (k) => (k.registry ? registries.get(k.registry) : registry);
const openerOf = (k) => (k.open_with_encryption_seed
  ? { agency: k.agency, key: c.xwingKeyFromSeed(c.unhex(k.open_with_encryption_seed)) }
  : me(k.agency));
const inputOf = (k) => {
  const bytes = c.unhex(k.envelope);
  if (!k.append_zero_bytes) return bytes;
  const padded = new Uint8Array(bytes.length + k.append_zero_bytes);
  padded.set(bytes);
  return padded;
};

for (const k of V.raw.corrupted) {
  test(`corrupted ${k.name}: rejected ${k.reject} (${k.reject_name}) at ${k.stage}`, () => {
    const bytes = inputOf(k);
    const reg = registryOf(k);
    if (k.stage === 'verify') {
      assert.equal(codeOf(() => env.verify(bytes, reg, k.now_ms)), k.reject);
    } else {
      // The hub's verification passes; only the named recipient's open fails.
      env.verify(bytes, reg, k.now_ms);
      assert.equal(codeOf(() => env.open(bytes, openerOf(k), reg, k.now_ms)), k.reject);
    }
  });
}

for (const a of V.raw.accepted ?? []) {
  test(`accepted ${a.name}: ${a.agency} opens view ${a.view}`, () => {
    const result = env.open(inputOf(a), openerOf(a), registryOf(a), a.now_ms);
    assert.equal(result.view, a.view);
    assert.equal(c.hex(result.plaintext), a.plaintext);
  });
}
