// Envelope v1 (suite 1): parse, verify, open, strip and seal, from protocols/envelope-v1.md and
// protocols/keys-and-registry.md alone.

import { Code, Reject, reject, decode, encode } from './cbor.mjs';
import * as c from './crypto.mjs';

export { Code, Reject };

export const SUITE = 1;
export const ENVELOPE_PURPOSE = 'broker/v1/envelope';
export const REGISTRY_PURPOSE = 'broker/v1/registry';
const MAX_ENVELOPE = 4 * 1024 * 1024;
const MAX_HEADER = 65536;
const MAX_PLAINTEXT = 1024 * 1024;
const MAX_RECIPIENTS = 64;
const MAX_VIEWS = 8;
const MAX_DATA_CLASSES = 32;
const MAX_DATA_CLASS_LENGTH = 64;
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const AGENCY_ID = /^[A-Z]{2}-[A-Z0-9]{1,16}$/;
const DATA_CLASS = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

// ---- field helpers ----

const isUint = (v) => typeof v === 'number' || typeof v === 'bigint';
function uint(v, max) {
  if (v && v.negative) reject(Code.InvalidField, 'negative integer');
  if (!isUint(v)) reject(Code.InvalidField, 'expected uint');
  if (typeof v === 'bigint') reject(Code.InvalidField, 'integer too large');
  if (max !== undefined && v > max) reject(Code.InvalidField, 'value out of range');
  return v;
}
function bstr(v, size) {
  if (!(v instanceof Uint8Array)) reject(Code.InvalidField, 'expected bstr');
  if (size !== undefined && v.length !== size) reject(Code.InvalidField, 'bstr size');
  return v;
}
function tstr(v) {
  if (typeof v !== 'string') reject(Code.InvalidField, 'expected tstr');
  return v;
}
function array(v, arity) {
  if (!Array.isArray(v)) reject(Code.InvalidField, 'expected array');
  if (arity !== undefined && v.length !== arity) reject(Code.Malformed, 'arity');
  return v;
}
function map(v, required, optional = []) {
  if (!(v instanceof Map)) reject(Code.InvalidField, 'expected map');
  for (const k of v.keys()) if (!required.includes(k) && !optional.includes(k)) reject(Code.UnknownField, 'unknown key');
  for (const k of required) if (!v.has(k)) reject(Code.MissingField, 'missing key');
  return v;
}
function agencyId(v) {
  tstr(v);
  if (v.length > 19) reject(Code.LimitExceeded, 'agency id length');
  if (!AGENCY_ID.test(v)) reject(Code.InvalidField, 'agency id');
  return v;
}
/** Strictly ascending by a byte-order key: repeats are DuplicateEntry, descents NonCanonicalEncoding. */
function ascending(items, keyOf) {
  for (let i = 1; i < items.length; i++) {
    const cmp = Buffer.compare(Buffer.from(keyOf(items[i - 1])), Buffer.from(keyOf(items[i])));
    if (cmp === 0) reject(Code.DuplicateEntry, 'repeated entry');
    if (cmp > 0) reject(Code.NonCanonicalEncoding, 'unsorted entries');
  }
}
const textKey = (s) => new TextEncoder().encode(s);
function checkSuite(suite) {
  if (!isUint(suite)) reject(Code.InvalidField, 'suite');
  if (suite === 0 || suite === 2) reject(Code.SuiteDowngrade, 'suite');
  if (suite !== SUITE) reject(Code.UnsupportedSuite, 'suite');
}

// ---- composite signature (§6) ----

function parseSignature(v) {
  if (!Array.isArray(v) || v.length !== 4) reject(Code.SignatureMalformed, 'signature arity');
  const [suite, keyId, ed, ml] = v;
  if (!isUint(suite) || !(keyId instanceof Uint8Array) || keyId.length !== 16 || !(ed instanceof Uint8Array)
      || ed.length !== 64 || !(ml instanceof Uint8Array) || ml.length !== 3309) {
    reject(Code.SignatureMalformed, 'signature element');
  }
  return { suite, keyId, ed, ml };
}

/** §6 verification order: shape, suite, key id, Ed25519, ML-DSA-65. */
export function verifyComposite(sigValue, key, purpose, payload, expectedSuite = SUITE) {
  const sig = parseSignature(sigValue);
  checkSuite(sig.suite);
  if (sig.suite !== expectedSuite) reject(Code.SuiteDowngrade, 'suites differ');
  if (!c.equal(sig.keyId, key.keyId)) reject(Code.SignatureKeyMismatch, 'key id');
  const t = c.transcript(sig.suite, purpose, payload);
  if (!c.ed25519Verify(sig.ed, t, key.edPublic)) reject(Code.Ed25519SignatureInvalid, 'ed25519');
  if (!c.mlDsaVerify(sig.ml, t, key.mlPublic, purpose)) reject(Code.MlDsaSignatureInvalid, 'ml-dsa-65');
}

export function signComposite(key, purpose, payload) {
  const { ed, ml } = c.compositeSign(key, SUITE, purpose, payload);
  return [SUITE, key.keyId, ed, ml];
}

// ---- trust registry ([KEYS] §3) ----

function parseWindow(entry, offset) {
  const notBefore = uint(entry[offset]);
  const notAfter = uint(entry[offset + 1]);
  const status = uint(entry[offset + 2], 2);
  if (notAfter < notBefore) reject(Code.InvalidField, 'window');
  return { notBefore, notAfter, status };
}

function parseSigningKey(v) {
  array(v);
  if (v.length !== 4 && v.length !== 5) reject(Code.Malformed, 'arity');
  const pair = array(v[0], 2);
  const edPublic = bstr(pair[0], 32);
  const mlPublic = bstr(pair[1], 1952);
  return { edPublic, mlPublic, keyId: c.signingKeyId(edPublic, mlPublic), ...parseWindow(v, 1) };
}

function parseEncryptionKey(v) {
  array(v);
  if (v.length !== 4 && v.length !== 5) reject(Code.Malformed, 'arity');
  const publicKey = bstr(v[0], 1216);
  return { publicKey, keyId: c.encryptionKeyId(publicKey), ...parseWindow(v, 1) };
}

/** Verifies a SignedRegistry under the trust anchor ({edPublic, mlPublic}) and returns the agencies by id. */
export function loadRegistry(bytes, anchor) {
  if (bytes.length > MAX_ENVELOPE) reject(Code.TooLarge, 'registry');
  const signed = map(decode(bytes), [1, 2]);
  const doc = bstr(signed.get(1));
  verifyComposite(signed.get(2), { ...anchor, keyId: c.signingKeyId(anchor.edPublic, anchor.mlPublic) },
    REGISTRY_PURPOSE, doc);
  const registry = map(decode(doc), [1, 2, 3, 4, 5]);
  const agencies = new Map();
  const list = array(registry.get(3));
  for (const a of list) {
    array(a, 6);
    const id = agencyId(a[0]);
    agencies.set(id, {
      id, name: tstr(a[1]), authority: uint(a[2]), status: uint(a[3], 1),
      signing: array(a[4]).map(parseSigningKey), encryption: array(a[5]).map(parseEncryptionKey),
    });
  }
  ascending(list, (a) => textKey(a[0]));
  return { version: uint(registry.get(1)), issuedAt: uint(registry.get(2)), agencies };
}

/** [KEYS] §3.3 fail-closed lookup of a key of `kind` ('signing' | 'encryption') by id at time `at`. */
export function lookupKey(registry, agency, kind, keyId, at) {
  const entry = registry.agencies.get(agency);
  if (!entry) reject(Code.UnknownAgency, 'agency');
  if (entry.status !== 0) reject(Code.AgencySuspended, 'agency');
  const key = entry[kind].find((k) => c.equal(k.keyId, keyId));
  if (!key) reject(Code.UnknownKey, 'key');
  if (key.status === 2) reject(Code.KeyRevoked, 'key');
  if (at < key.notBefore) reject(Code.KeyNotYetValid, 'key');
  if (at > key.notAfter) reject(Code.KeyExpired, 'key');
  return key;
}

// ---- header (§4.1) ----

export function parseHeader(bytes) {
  if (bytes.length > MAX_HEADER) reject(Code.TooLarge, 'header');
  const m = decode(bytes);
  if (!(m instanceof Map)) reject(Code.InvalidField, 'header not a map');
  if (!m.has(1)) reject(Code.MissingField, 'suite');
  checkSuite(m.get(1));
  map(m, [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [6]);
  const h = {
    suite: m.get(1),
    sender: agencyId(m.get(2)),
    senderKeyId: bstr(m.get(3), 16),
    id: bstr(m.get(4), 16),
    kind: uint(m.get(5)),
    inReplyTo: m.has(6) ? bstr(m.get(6), 16) : null,
    created: uint(m.get(7)),
    expires: uint(m.get(8)),
    category: uint(m.get(9)),
    priority: uint(m.get(10)),
    tlp: uint(m.get(11), 4),
    classification: uint(m.get(12), 3),
    handling: uint(m.get(13), 15),
    broadcast: m.get(14),
  };
  if (h.kind < 1 || h.kind > 8) reject(Code.InvalidField, 'kind');
  if (h.category < 1 || h.category > 9) reject(Code.InvalidField, 'category');
  if (h.priority < 1 || h.priority > 4) reject(Code.InvalidField, 'priority');
  if (typeof h.broadcast !== 'boolean') reject(Code.InvalidField, 'broadcast');

  const recipients = array(m.get(15));
  if (recipients.length === 0) reject(Code.InvalidField, 'no recipients');
  if (recipients.length > MAX_RECIPIENTS) reject(Code.LimitExceeded, 'recipients');
  h.recipients = recipients.map((r) => {
    array(r, 3);
    return { agency: agencyId(r[0]), view: uint(r[1]), keyId: bstr(r[2], 16) };
  });
  ascending(h.recipients, (r) => textKey(r.agency));

  const views = array(m.get(16));
  if (views.length === 0) reject(Code.InvalidField, 'no views');
  if (views.length > MAX_VIEWS) reject(Code.LimitExceeded, 'views');
  h.views = views.map((v) => {
    array(v, 3);
    const classes = array(v[0]);
    if (classes.length > MAX_DATA_CLASSES) reject(Code.LimitExceeded, 'data classes');
    for (const dc of classes) {
      tstr(dc);
      if (dc.length > MAX_DATA_CLASS_LENGTH) reject(Code.LimitExceeded, 'data class length');
      if (!DATA_CLASS.test(dc)) reject(Code.InvalidField, 'data class');
    }
    ascending(classes, textKey);
    return { dataClasses: classes, ciphertextSha256: bstr(v[1], 32), commitment: bstr(v[2], 32) };
  });
  for (const r of h.recipients) if (r.view >= h.views.length) reject(Code.InvalidReference, 'recipient view');
  for (let i = 0; i < h.views.length; i++) {
    if (!h.recipients.some((r) => r.view === i)) reject(Code.InvalidReference, 'view nobody is addressed to');
  }
  return h;
}

// ---- envelope (§4) ----

function indexed(list, count) {
  for (let i = 0; i < list.length; i++) {
    if (list[i].index >= count) reject(Code.InvalidReference, 'index');
    if (i > 0 && list[i].index === list[i - 1].index) reject(Code.DuplicateEntry, 'index');
    if (i > 0 && list[i].index < list[i - 1].index) reject(Code.NonCanonicalEncoding, 'index order');
  }
  return list;
}

/** §9.1 step 1: size, profile and structure. The signature's own shape is checked in step 4 (§6). */
export function parseEnvelope(bytes) {
  if (bytes.length > MAX_ENVELOPE) reject(Code.TooLarge, 'envelope');
  const m = map(decode(bytes), [1, 2, 3, 4]);
  const headerBytes = bstr(m.get(1));
  const header = parseHeader(headerBytes);
  const views = indexed(array(m.get(3)).map((v) => {
    array(v, 2);
    const ciphertext = bstr(v[1]);
    if (ciphertext.length < 16) reject(Code.InvalidField, 'view ciphertext');
    if (ciphertext.length > MAX_PLAINTEXT + 16) reject(Code.LimitExceeded, 'view ciphertext');
    return { index: uint(v[0]), ciphertext };
  }), header.views.length);
  const stanzas = indexed(array(m.get(4)).map((s) => {
    array(s, 3);
    return { index: uint(s[0]), enc: bstr(s[1], 1120), wrapped: bstr(s[2], 48) };
  }), header.recipients.length);
  return { headerBytes, header, signature: m.get(2), views, stanzas };
}

/** §9.1. Returns the parsed envelope; throws Reject. */
export function verify(bytes, registry, now) {
  const env = parseEnvelope(bytes);
  const h = env.header;
  if (!(h.expires > h.created)) reject(Code.ExpiresBeforeCreated, 'times');
  if (h.expires - h.created > MAX_LIFETIME_MS) reject(Code.LifetimeTooLong, 'times');
  if (h.created > now + CLOCK_SKEW_MS) reject(Code.CreatedInFuture, 'times');
  if (now > h.expires) reject(Code.Expired, 'times');
  const key = lookupKey(registry, h.sender, 'signing', h.senderKeyId, h.created);
  verifyComposite(env.signature, key, ENVELOPE_PURPOSE, env.headerBytes, h.suite);
  for (const v of env.views) {
    if (!c.equal(c.sha256(v.ciphertext), h.views[v.index].ciphertextSha256)) reject(Code.CiphertextHashMismatch, 'view');
  }
  for (const s of env.stanzas) {
    const r = h.recipients[s.index];
    lookupKey(registry, r.agency, 'encryption', r.keyId, h.created);
  }
  return env;
}

function viewKeys(cek) {
  const prk = c.hkdfExtract(c.ascii('broker/v1/cek'), cek);
  return {
    key: c.hkdfExpand(prk, c.ascii('broker/v1/view-key'), 32),
    nonce: c.hkdfExpand(prk, c.ascii('broker/v1/view-nonce'), 12),
    commitment: c.hkdfExpand(prk, c.ascii('broker/v1/key-commitment'), 32),
  };
}

const viewAad = (h, i) => c.concat(c.ascii('broker/v1/view'), c.u8(h.suite), c.u8(i), h.id, h.senderKeyId, c.ascii(h.sender));
const stanzaInfo = (headerHash, r) => c.concat(c.ascii('broker/v1/stanza'), headerHash, r.keyId, c.ascii(r.agency));

/** §9.2. `me` = { agency, key: xwingKeyFromSeed(...) }. Returns { view, plaintext }. */
export function open(bytes, me, registry, now) {
  const env = verify(bytes, registry, now);
  const h = env.header;
  const j = h.recipients.findIndex((r) => r.agency === me.agency);
  if (j < 0) reject(Code.NotARecipient, 'agency');
  const r = h.recipients[j];
  if (!c.equal(r.keyId, me.key.keyId)) reject(Code.RecipientKeyMismatch, 'key');
  const stanza = env.stanzas.find((s) => s.index === j);
  if (!stanza) reject(Code.StanzaMissing, 'stanza');
  const view = env.views.find((v) => v.index === r.view);
  if (!view) reject(Code.ViewMissing, 'view');
  let cek = null;
  try { cek = c.hpkeOpen(me.key, stanza.enc, stanzaInfo(c.sha256(env.headerBytes), r), stanza.wrapped); } catch { cek = null; }
  if (!cek || cek.length !== 32) reject(Code.StanzaOpenFailed, 'stanza');
  const k = viewKeys(cek);
  if (!c.equal(k.commitment, h.views[r.view].commitment)) reject(Code.KeyCommitmentMismatch, 'commitment');
  const plaintext = c.aesGcmOpen(k.key, k.nonce, view.ciphertext, viewAad(h, r.view));
  if (!plaintext) reject(Code.ViewDecryptionFailed, 'view');
  return { view: r.view, plaintext };
}

const encodeEnvelope = (headerBytes, signature, views, stanzas) => encode(new Map([
  [1, headerBytes],
  [2, signature],
  [3, views.map((v) => [v.index, v.ciphertext])],
  [4, stanzas.map((s) => [s.index, s.enc, s.wrapped])],
]));

/** §10: keep only the stanzas of `keep` (agency ids) and the views they are addressed to. */
export function strip(verified, keep) {
  const h = verified.header;
  const kept = new Set(keep);
  const stanzas = verified.stanzas.filter((s) => kept.has(h.recipients[s.index].agency));
  const wanted = new Set(h.recipients.filter((r) => kept.has(r.agency)).map((r) => r.view));
  const views = verified.views.filter((v) => wanted.has(v.index));
  return encodeEnvelope(verified.headerBytes, verified.signature, views, stanzas);
}

/**
 * Seals. request: { id, kind, inReplyTo?, created, expires, category, priority, tlp, classification, handling,
 * broadcast, views: [{ dataClasses, plaintext }], recipients: [{ agency, view, publicKey }] };
 * sender: { agency, key: signingKeyFromSeed(...) }; entropy(n) returns n random bytes.
 */
export function seal(request, sender, entropy) {
  const recipients = request.recipients
    .map((r) => ({ ...r, keyId: c.encryptionKeyId(r.publicKey) }))
    .sort((a, b) => Buffer.compare(Buffer.from(textKey(a.agency)), Buffer.from(textKey(b.agency))));
  const ceks = request.views.map(() => entropy(32));
  const partial = { suite: SUITE, id: request.id, senderKeyId: sender.key.keyId, sender: sender.agency };
  const views = request.views.map((v, i) => {
    if (v.plaintext.length > MAX_PLAINTEXT) throw new Error('view plaintext too large');
    const k = viewKeys(ceks[i]);
    const ciphertext = c.aesGcmSeal(k.key, k.nonce, v.plaintext, viewAad(partial, i));
    return { index: i, ciphertext, commitment: k.commitment, dataClasses: [...v.dataClasses].sort() };
  });
  const header = new Map([
    [1, SUITE], [2, sender.agency], [3, sender.key.keyId], [4, request.id], [5, request.kind],
    [7, request.created], [8, request.expires], [9, request.category], [10, request.priority], [11, request.tlp],
    [12, request.classification], [13, request.handling], [14, request.broadcast],
    [15, recipients.map((r) => [r.agency, r.view, r.keyId])],
    [16, views.map((v) => [v.dataClasses, c.sha256(v.ciphertext), v.commitment])],
  ]);
  if (request.inReplyTo) header.set(6, request.inReplyTo);
  const headerBytes = encode(header);
  parseHeader(headerBytes); // a sealer never emits what a reader refuses
  const headerHash = c.sha256(headerBytes);
  const stanzas = recipients.map((r, j) => {
    const { enc, ciphertext } = c.hpkeSeal(r.publicKey, stanzaInfo(headerHash, r), entropy(64), ceks[r.view]);
    return { index: j, enc, wrapped: ciphertext };
  });
  const signature = signComposite(sender.key, ENVELOPE_PURPOSE, headerBytes);
  return encodeEnvelope(headerBytes, signature, views, stanzas);
}
