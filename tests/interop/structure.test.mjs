// Structural rejections the vectors do not cover, pinned to the codes of envelope-v1.md §3, §4 and §6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as c from './crypto.mjs';
import { decode, encode } from './cbor.mjs';
import * as env from './envelope.mjs';
import { loadVectors } from './vectors.mjs';

const V = loadVectors();
const registry = V.registry();
const base = decode(c.unhex(V.raw.sealed[0].envelope));
const header = decode(base.get(1));
const codeOf = (bytes) => { try { env.verify(bytes, registry, V.raw.now_ms); return 0; } catch (e) { if (e instanceof env.Reject) return e.code; throw e; } };
const withSignature = (f) => { const m = new Map(base); const sig = [...m.get(2)]; f(sig); m.set(2, sig); return encode(m); };
const withHeader = (f) => { const h = new Map(header); f(h); const m = new Map(base); m.set(1, encode(h)); return encode(m); };
const withEnvelope = (f) => { const m = new Map(base); f(m); return encode(m); };

test('signature: every structural defect is SignatureMalformed (202), suites 200/201', () => {
  assert.equal(codeOf(withSignature((s) => { s[2] = c.concat(s[2], Uint8Array.of(0)); })), 202, 'ed25519 half too long');
  assert.equal(codeOf(withSignature((s) => { s[1] = 'abcdefghijklmnop'; })), 202, 'key id not a byte string');
  assert.equal(codeOf(withSignature((s) => { s[0] = 'x'; })), 202, 'suite not an integer');
  assert.equal(codeOf(withSignature((s) => s.pop())), 202, 'ml-dsa half removed');
  assert.equal(codeOf(withSignature((s) => { s[0] = 2; })), 201, 'signature suite 2');
  assert.equal(codeOf(withSignature((s) => { s[0] = 7; })), 200, 'signature suite unknown');
});

test('header: field rules name their codes', () => {
  assert.equal(codeOf(withHeader((h) => h.set(15, []))), 100, 'no recipients');
  assert.equal(codeOf(withHeader((h) => h.set(17, 1))), 108, 'unknown key');
  assert.equal(codeOf(withHeader((h) => h.delete(9))), 107, 'missing category');
  assert.equal(codeOf(withHeader((h) => h.set(11, 5))), 109, 'TLP out of range');
  assert.equal(codeOf(withHeader((h) => h.set(2, 'th-oncb'))), 109, 'agency id pattern');
  assert.equal(codeOf(withHeader((h) => h.set(3, new Uint8Array(17)))), 110, 'key id too long');
  assert.equal(codeOf(withHeader((h) => h.set(3, new Uint8Array(15)))), 109, 'key id too short');
  assert.equal(codeOf(withHeader((h) => h.set(15, [...h.get(15)].reverse()))), 104, 'recipients unsorted');
  assert.equal(codeOf(withHeader((h) => h.set(15, [h.get(15)[0], h.get(15)[0]]))), 112, 'recipient repeated');
});

test('envelope: views and stanzas reference header entries', () => {
  assert.equal(codeOf(withEnvelope((m) => m.set(3, [[5, m.get(3)[0][1]]]))), 111, 'view index beyond the header');
  assert.equal(codeOf(withEnvelope((m) => m.set(4, [m.get(4)[1], m.get(4)[0]]))), 104, 'stanzas unsorted');
  assert.equal(codeOf(withEnvelope((m) => m.set(4, [m.get(4)[0], m.get(4)[0]]))), 112, 'stanza repeated');
  assert.equal(codeOf(withEnvelope((m) => m.set(5, []))), 108, 'fifth key');
});
