// Primitives of protocols/envelope-v1.md and protocols/keys-and-registry.md, composed from the audited
// @noble packages: composite signatures, agency key derivation, X-Wing (composed here from ML-KEM-768,
// X25519 and SHA3-256, as the X-Wing draft specifies) and HPKE base mode (RFC 9180) over it.

import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { hmac } from '@noble/hashes/hmac.js';
import { extract, expand } from '@noble/hashes/hkdf.js';
import { gcm } from '@noble/ciphers/aes.js';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';

export const ascii = (s) => new TextEncoder().encode(s);
export const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
export const hex = (b) => Buffer.from(b).toString('hex');
export const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
export const equal = (a, b) => {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
};
export const u8 = (n) => Uint8Array.of(n);
export const u16be = (n) => Uint8Array.of(n >> 8, n & 0xff);
export const u32be = (n) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

export { sha256 };
export const hmacSha256 = (key, data) => hmac(sha256, key, data);
/** HKDF-Extract; an empty salt is 32 zero bytes (RFC 5869 §2.2). */
export const hkdfExtract = (salt, ikm) => extract(sha256, ikm, salt.length === 0 ? new Uint8Array(32) : salt);
export const hkdfExpand = (prk, info, length) => expand(sha256, prk, info, length);
export const hkdf = (ikm, salt, info, length) => hkdfExpand(hkdfExtract(salt, ikm), info, length);

export const aesGcmSeal = (key, nonce, plaintext, aad) => gcm(key, nonce, aad).encrypt(plaintext);
/** Returns null when the tag does not verify. */
export const aesGcmOpen = (key, nonce, ciphertext, aad) => {
  try { return gcm(key, nonce, aad).decrypt(ciphertext); } catch { return null; }
};

// ---- keys ([KEYS] §1) ----

export function signingKeyFromSeed(seed) {
  const edSecret = hkdf(seed, new Uint8Array(0), ascii('broker/v1/signing/ed25519'), 32);
  const xi = hkdf(seed, new Uint8Array(0), ascii('broker/v1/signing/ml-dsa-65'), 32);
  const ml = ml_dsa65.keygen(xi);
  const edPublic = ed25519.getPublicKey(edSecret);
  return {
    edSecret, edPublic, mlSecret: ml.secretKey, mlPublic: ml.publicKey,
    keyId: signingKeyId(edPublic, ml.publicKey),
  };
}

export const signingKeyId = (edPublic, mlPublic) =>
  sha256(concat(ascii('broker/v1/signing-key'), edPublic, mlPublic)).subarray(0, 16);

export const encryptionKeyId = (xwingPublic) => sha256(concat(ascii('broker/v1/encryption-key'), xwingPublic)).subarray(0, 16);

// ---- X-Wing (draft-connolly-cfrg-xwing-kem), composed ----

const XWING_LABEL = unhex('5c2e2f2f5e5c'); // "\.//^\", placed last in the combiner

export function xwingKeyFromSeed(seed) {
  const expanded = shake256(seed, { dkLen: 96 });
  const kem = ml_kem768.keygen(expanded.subarray(0, 64));
  const skX = expanded.slice(64, 96);
  const pkX = x25519.getPublicKey(skX);
  const publicKey = concat(kem.publicKey, pkX);
  return { seed, skM: kem.secretKey, skX, pkX, publicKey, keyId: encryptionKeyId(publicKey) };
}

const combine = (ssM, ssX, ctX, pkX) => sha3_256(concat(ssM, ssX, ctX, pkX, XWING_LABEL));

/** Deterministic encapsulation with eseed = m (32) || ephemeral X25519 secret (32). */
export function xwingEncapsulate(publicKey, eseed) {
  if (publicKey.length !== 1216 || eseed.length !== 64) throw new Error('X-Wing input size');
  const pkM = publicKey.subarray(0, 1184);
  const pkX = publicKey.subarray(1184);
  const { cipherText: ctM, sharedSecret: ssM } = ml_kem768.encapsulate(pkM, eseed.slice(0, 32));
  const ek = eseed.slice(32, 64);
  const ctX = x25519.getPublicKey(ek);
  const ssX = x25519.getSharedSecret(ek, pkX);
  if (ssX.every((b) => b === 0)) throw new Error('all-zero X25519 shared secret');
  return { enc: concat(ctM, ctX), sharedSecret: combine(ssM, ssX, ctX, pkX) };
}

export function xwingDecapsulate(key, enc) {
  if (enc.length !== 1120) throw new Error('X-Wing ciphertext size');
  const ctM = enc.subarray(0, 1088);
  const ctX = enc.subarray(1088);
  const ssM = ml_kem768.decapsulate(ctM, key.skM);
  const ssX = x25519.getSharedSecret(key.skX, ctX);
  // envelope-v1.md §8: an all-zero X25519 output (small-order ct_X) is refused, whatever the library does on its own.
  if (ssX.every((b) => b === 0)) throw new Error('all-zero X25519 shared secret');
  return combine(ssM, ssX, ctX, key.pkX);
}

// ---- HPKE base mode, KEM 0x647a, KDF 0x0001, AEAD 0x0002 (RFC 9180 §5) ----

const SUITE_ID = concat(ascii('HPKE'), u16be(0x647a), u16be(0x0001), u16be(0x0002));
const HPKE_V1 = ascii('HPKE-v1');
const labeledExtract = (salt, label, ikm) => hkdfExtract(salt, concat(HPKE_V1, SUITE_ID, ascii(label), ikm));
const labeledExpand = (prk, label, info, length) =>
  hkdfExpand(prk, concat(u16be(length), HPKE_V1, SUITE_ID, ascii(label), info), length);

function keySchedule(sharedSecret, info) {
  const empty = new Uint8Array(0);
  const pskIdHash = labeledExtract(empty, 'psk_id_hash', empty);
  const infoHash = labeledExtract(empty, 'info_hash', info);
  const context = concat(u8(0), pskIdHash, infoHash);
  const secret = labeledExtract(sharedSecret, 'secret', empty);
  return { key: labeledExpand(secret, 'key', context, 32), nonce: labeledExpand(secret, 'base_nonce', context, 12) };
}

/** SetupBaseS + Seal with sequence number 0. */
export function hpkeSeal(publicKey, info, eseed, plaintext) {
  const { enc, sharedSecret } = xwingEncapsulate(publicKey, eseed);
  const { key, nonce } = keySchedule(sharedSecret, info);
  return { enc, ciphertext: aesGcmSeal(key, nonce, plaintext, new Uint8Array(0)) };
}

/** SetupBaseR + Open with sequence number 0; null on failure. */
export function hpkeOpen(key, enc, info, ciphertext) {
  const sharedSecret = xwingDecapsulate(key, enc);
  const k = keySchedule(sharedSecret, info);
  return aesGcmOpen(k.key, k.nonce, ciphertext, new Uint8Array(0));
}

// ---- composite signature transcript (§6) ----

export function transcript(suite, purpose, payload) {
  const p = ascii(purpose);
  return concat(ascii('broker/v1/composite-signature'), u8(0), u8(suite), u8(p.length), p, sha256(payload));
}

export function compositeSign(key, suite, purpose, payload) {
  const t = transcript(suite, purpose, payload);
  return {
    ed: ed25519.sign(t, key.edSecret),
    ml: ml_dsa65.sign(t, key.mlSecret, { context: ascii(purpose), extraEntropy: false }),
  };
}

export const ed25519Verify = (sig, msg, pk) => { try { return ed25519.verify(sig, msg, pk, { zip215: false }); } catch { return false; } };
export const mlDsaVerify = (sig, msg, pk, purpose) => {
  try { return ml_dsa65.verify(sig, msg, pk, { context: ascii(purpose) }); } catch { return false; }
};

/** Test entropy: block i = HMAC-SHA256(seed, "broker/v1/test-entropy" || uint32be(i)). */
export function testEntropy(seed) {
  let block = 0;
  let buffer = new Uint8Array(0);
  return (n) => {
    while (buffer.length < n) {
      buffer = concat(buffer, hmacSha256(seed, concat(ascii('broker/v1/test-entropy'), u32be(block++))));
    }
    const out = buffer.slice(0, n);
    buffer = buffer.slice(n);
    return out;
  };
}
