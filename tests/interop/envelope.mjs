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

// ---- field helpers (which code for which defect: §3 rule 6 and §4.2) ----

const isUint = (v) => typeof v === 'number' || typeof v === 'bigint';
const MAX_TIME_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
function uint(v, max = Number.MAX_SAFE_INTEGER) {
  if (!isUint(v)) reject(Code.InvalidField, 'expected uint');
  if (typeof v === 'bigint' || v > max) reject(Code.InvalidField, 'value out of range');
  return v;
}
function bytesUpTo(v, max) {
  if (!(v instanceof Uint8Array)) reject(Code.InvalidField, 'expected bstr');
  if (v.length > max) reject(Code.LimitExceeded, 'bstr too long');
  return v;
}
function bytesExact(v, size) {
  bytesUpTo(v, size);
  if (v.length !== size) reject(Code.InvalidField, 'bstr too short');
  return v;
}
function text(v, maxChars) {
  if (typeof v !== 'string') reject(Code.InvalidField, 'expected tstr');
  if (v.length > maxChars) reject(Code.LimitExceeded, 'text too long');
  return v;
}
/** An identifier (agency id, data class): its length is counted in UTF-8 bytes (§2 "characters"), then its pattern. */
function identifier(v, maxBytes, pattern, what) {
  if (typeof v !== 'string') reject(Code.InvalidField, 'expected tstr');
  if (new TextEncoder().encode(v).length > maxBytes) reject(Code.LimitExceeded, `${what} too long`);
  if (!pattern.test(v)) reject(Code.InvalidField, what);
  return v;
}
function arrayOf(v, min, max) {
  if (!Array.isArray(v)) reject(Code.Malformed, 'expected array');
  if (v.length > max) reject(Code.LimitExceeded, 'too many entries');
  if (v.length < min) reject(Code.Malformed, 'too few entries');
  return v;
}
function tuple(v, arity) {
  if (!Array.isArray(v) || v.length !== arity) reject(Code.Malformed, 'arity');
  return v;
}
function enumerated(v, min, max) {
  uint(v, 0x7fffffff);
  if (v < min || v > max) reject(Code.InvalidField, 'unknown enumerated value');
  return v;
}
const agencyId = (v) => identifier(v, 19, AGENCY_ID, 'agency id');
/** Entry `current` follows `previous` strictly ascending in ordinal byte order: 112 on a repeat, 104 on a descent. */
function after(previous, current) {
  if (previous === undefined) return;
  const order = Buffer.compare(Buffer.from(previous), Buffer.from(current));
  if (order === 0) reject(Code.DuplicateEntry, 'repeated entry');
  if (order > 0) reject(Code.NonCanonicalEncoding, 'unsorted entries');
}
const textKey = (s) => new TextEncoder().encode(s);
function checkSuite(suite) {
  if (suite === 0 || suite === 2) reject(Code.SuiteDowngrade, 'suite');
  if (suite !== SUITE) reject(Code.UnsupportedSuite, 'suite');
}

// ---- composite signature (§6) ----

/** Structure and suite of a Signature array: every structural defect is 202, the suite 200/201. */
export function parseSignature(v) {
  if (!Array.isArray(v) || v.length !== 4) reject(Code.SignatureMalformed, 'signature arity');
  const [suite, keyId, ed, ml] = v;
  if (!isUint(suite)) reject(Code.SignatureMalformed, 'signature suite');
  checkSuite(suite);
  const sized = (b, n) => b instanceof Uint8Array && b.length === n;
  if (!sized(keyId, 16) || !sized(ed, 64) || !sized(ml, 3309)) reject(Code.SignatureMalformed, 'signature element');
  return { suite, keyId, ed, ml, value: v };
}

/** §6 after the structure: key id, Ed25519, ML-DSA-65 (context = purpose). */
export function verifyComposite(sig, key, purpose, payload) {
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
  const notBefore = uint(entry[offset], MAX_TIME_MS);
  const notAfter = uint(entry[offset + 1], MAX_TIME_MS);
  const status = uint(entry[offset + 2], 2);
  if (notAfter < notBefore) reject(Code.InvalidField, 'window');
  return { notBefore, notAfter, status };
}

function parseSigningKey(v) {
  if (!Array.isArray(v) || (v.length !== 4 && v.length !== 5)) reject(Code.Malformed, 'arity');
  const pair = tuple(v[0], 2);
  const edPublic = bytesExact(pair[0], 32);
  const mlPublic = bytesExact(pair[1], 1952);
  return { edPublic, mlPublic, keyId: c.signingKeyId(edPublic, mlPublic), ...parseWindow(v, 1) };
}

function parseEncryptionKey(v) {
  if (!Array.isArray(v) || (v.length !== 4 && v.length !== 5)) reject(Code.Malformed, 'arity');
  const publicKey = bytesExact(v[0], 1216);
  return { publicKey, keyId: c.encryptionKeyId(publicKey), ...parseWindow(v, 1) };
}

/** Verifies a SignedRegistry under the trust anchor ({edPublic, mlPublic}) and returns the agencies by id. */
export function loadRegistry(bytes, anchor) {
  if (bytes.length > MAX_ENVELOPE) reject(Code.TooLarge, 'registry');
  const signed = decode(bytes);
  if (!(signed instanceof Map)) reject(Code.Malformed, 'expected map');
  if (signed.size !== 2 || !signed.has(1) || !signed.has(2)) reject(Code.MissingField, 'signed registry keys');
  const doc = bytesUpTo(signed.get(1), MAX_ENVELOPE);
  const sig = parseSignature(signed.get(2));
  verifyComposite(sig, { ...anchor, keyId: c.signingKeyId(anchor.edPublic, anchor.mlPublic) }, REGISTRY_PURPOSE, doc);
  const registry = decode(doc);
  if (!(registry instanceof Map)) reject(Code.Malformed, 'expected map');
  for (const k of [1, 2, 3, 4, 5]) if (!registry.has(k)) reject(Code.MissingField, 'registry key');
  const agencies = new Map();
  let previous;
  for (const a of arrayOf(registry.get(3), 0, 1024)) {
    tuple(a, 6);
    const id = agencyId(a[0]);
    after(previous, textKey(id));
    previous = textKey(id);
    agencies.set(id, {
      id, name: text(a[1], 128), authority: enumerated(a[2], 1, 6), status: uint(a[3], 1),
      signing: arrayOf(a[4], 0, 16).map(parseSigningKey), encryption: arrayOf(a[5], 0, 16).map(parseEncryptionKey),
    });
  }
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

const HEADER_REQUIRED = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

function readRecipients(v) {
  const list = [];
  for (const r of arrayOf(v, 1, MAX_RECIPIENTS)) {
    tuple(r, 3);
    const entry = { agency: agencyId(r[0]), view: uint(r[1], MAX_VIEWS - 1), keyId: bytesExact(r[2], 16) };
    after(list.length ? textKey(list[list.length - 1].agency) : undefined, textKey(entry.agency));
    list.push(entry);
  }
  return list;
}

function readHeaderViews(v) {
  return arrayOf(v, 1, MAX_VIEWS).map((view) => {
    tuple(view, 3);
    const classes = [];
    for (const dc of arrayOf(view[0], 0, MAX_DATA_CLASSES)) {
      identifier(dc, MAX_DATA_CLASS_LENGTH, DATA_CLASS, 'data class');
      after(classes.length ? textKey(classes[classes.length - 1]) : undefined, textKey(dc));
      classes.push(dc);
    }
    return { dataClasses: classes, ciphertextSha256: bytesExact(view[1], 32), commitment: bytesExact(view[2], 32) };
  });
}

/** §4.1, field by field in key order (the first defect in byte order names the code), then the references. */
export function parseHeader(bytes) {
  const m = decode(bytes);
  if (!(m instanceof Map)) reject(Code.Malformed, 'header not a map');
  if (m.size > 16) reject(Code.UnknownField, 'too many keys');
  const keys = [...m.keys()];
  if (keys[0] !== 1) reject(Code.MissingField, 'suite first');
  const h = { suite: m.get(1) };
  if (!isUint(h.suite)) reject(Code.InvalidField, 'suite');
  checkSuite(h.suite);
  for (const key of keys.slice(1)) {
    if (typeof key !== 'number' || key === 0 || key > 16) reject(Code.UnknownField, 'unknown key');
    const v = m.get(key);
    switch (key) {
      case 2: h.sender = agencyId(v); break;
      case 3: h.senderKeyId = bytesExact(v, 16); break;
      case 4: h.id = bytesExact(v, 16); break;
      case 5: h.kind = enumerated(v, 1, 9); break;
      case 6: h.inReplyTo = bytesExact(v, 16); break;
      case 7: h.created = uint(v, MAX_TIME_MS); break;
      case 8: h.expires = uint(v, MAX_TIME_MS); break;
      case 9: h.category = enumerated(v, 1, 9); break;
      case 10: h.priority = enumerated(v, 1, 4); break;
      case 11: h.tlp = enumerated(v, 0, 4); break;
      case 12: h.classification = enumerated(v, 0, 3); break;
      case 13: h.handling = uint(v, 15); break;
      case 14: if (typeof v !== 'boolean') reject(Code.InvalidField, 'broadcast'); h.broadcast = v; break;
      case 15: h.recipients = readRecipients(v); break;
      default: h.views = readHeaderViews(v); break;
    }
  }
  for (const k of HEADER_REQUIRED) if (!m.has(k)) reject(Code.MissingField, 'missing key');
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

/** §9.1 step 1: size, profile, then keys 1-4 in order: header, signature structure and suites, views, stanzas. */
export function parseEnvelope(bytes) {
  if (bytes.length > MAX_ENVELOPE) reject(Code.TooLarge, 'envelope');
  const m = decode(bytes);
  if (!(m instanceof Map)) reject(Code.Malformed, 'envelope not a map');
  if (m.size > 4) reject(Code.UnknownField, 'too many keys');
  const keys = [...m.keys()];
  const expect = (i) => { if (keys[i] !== i + 1) reject(Code.MissingField, 'envelope key'); return m.get(i + 1); };
  const headerBytes = bytesUpTo(expect(0), MAX_HEADER);
  const header = parseHeader(headerBytes);
  const signature = parseSignature(expect(1));
  if (signature.suite !== header.suite) reject(Code.SuiteDowngrade, 'suites differ');
  const views = [];
  for (const v of arrayOf(expect(2), 0, MAX_VIEWS)) {
    tuple(v, 2);
    const entry = { index: uint(v[0], MAX_VIEWS - 1) }; // §4: at most 7
    indexed([...views.slice(-1), entry], header.views.length);
    entry.ciphertext = bytesUpTo(v[1], MAX_PLAINTEXT + 16);
    if (entry.ciphertext.length < 16) reject(Code.InvalidField, 'view ciphertext');
    views.push(entry);
  }
  const stanzas = [];
  for (const s of arrayOf(expect(3), 0, MAX_RECIPIENTS)) {
    tuple(s, 3);
    const entry = { index: uint(s[0], MAX_RECIPIENTS - 1) }; // §4: at most 63
    indexed([...stanzas.slice(-1), entry], header.recipients.length);
    entry.enc = bytesExact(s[1], 1120);
    entry.wrapped = bytesExact(s[2], 48);
    stanzas.push(entry);
  }
  return { headerBytes, header, signature, views, stanzas };
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
  verifyComposite(env.signature, key, ENVELOPE_PURPOSE, env.headerBytes);
  for (const v of env.views) {
    if (!c.equal(c.sha256(v.ciphertext), h.views[v.index].ciphertextSha256)) reject(Code.CiphertextHashMismatch, 'view');
  }
  // §9.1 step 6: every header recipient, whether or not its stanza is still present.
  for (const r of h.recipients) lookupKey(registry, r.agency, 'encryption', r.keyId, h.created);
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

/** §10: keep only the stanzas of `keep` (agency ids) and the views addressed to a recipient whose stanza is kept. */
export function strip(verified, keep) {
  const h = verified.header;
  const kept = new Set(keep);
  const stanzas = verified.stanzas.filter((s) => kept.has(h.recipients[s.index].agency));
  const wanted = new Set(stanzas.map((s) => h.recipients[s.index].view)); // views someone kept can still open
  const views = verified.views.filter((v) => wanted.has(v.index));
  return encodeEnvelope(verified.headerBytes, verified.signature.value, views, stanzas);
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
