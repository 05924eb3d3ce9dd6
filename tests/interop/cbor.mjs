// Deterministic CBOR profile of protocols/envelope-v1.md §3: a strict decoder that names the first
// violation with its stable reject code, and an encoder that produces core deterministic encoding.
// Written from the specification text, not from the reference implementation.

export const Code = Object.freeze({
  Malformed: 100, TooLarge: 101, Truncated: 102, TrailingBytes: 103, NonCanonicalEncoding: 104,
  DuplicateMapKey: 105, ForbiddenCborItem: 106, MissingField: 107, UnknownField: 108, InvalidField: 109,
  LimitExceeded: 110, InvalidReference: 111, DuplicateEntry: 112,
  UnsupportedSuite: 200, SuiteDowngrade: 201, SignatureMalformed: 202, SignatureKeyMismatch: 203,
  Ed25519SignatureInvalid: 204, MlDsaSignatureInvalid: 205,
  UnknownAgency: 300, UnknownKey: 301, KeyRevoked: 302, KeyExpired: 303, KeyNotYetValid: 304, AgencySuspended: 305,
  NotARecipient: 307, RecipientKeyMismatch: 308,
  CreatedInFuture: 400, Expired: 401, LifetimeTooLong: 402, ExpiresBeforeCreated: 403,
  StanzaOpenFailed: 500, KeyCommitmentMismatch: 501, ViewDecryptionFailed: 502, CiphertextHashMismatch: 503,
  ViewMissing: 504, StanzaMissing: 505,
});

/** A rejection: carries only the stable code and a fixed text, never input bytes. */
export class Reject extends Error {
  constructor(code, what) {
    super(`reject ${code}${what ? ` (${what})` : ''}`);
    this.code = code;
  }
}

export const reject = (code, what) => { throw new Reject(code, what); };

export const MAX_DEPTH = 8;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one top-level item under the profile rules 1-5 of §3, naming the first violation in byte order. Maps become
 * Map (keys as decoded; their encodings must be strictly ascending bytewise, which for the small unsigned keys the format
 * uses is numeric order), byte strings Uint8Array, text strings string, unsigned integers number (bigint above 2^53 - 1),
 * negative integers { negative: true }, arrays Array, true/false boolean. Field-level rules (key set, types, sizes) are the
 * caller's. Depth: the top-level item is at depth 0, an element or map key/value one deeper than its container; an item
 * deeper than 8 is refused.
 */
export function decode(bytes) {
  let pos = 0;
  const remaining = () => bytes.length - pos;

  function readArgument(info) {
    if (info < 24) return info;
    if (info === 31) reject(Code.ForbiddenCborItem, 'indefinite length');
    if (info > 27) reject(Code.Malformed, 'reserved additional information');
    const size = 1 << (info - 24);
    if (remaining() < size) reject(Code.Truncated, 'argument');
    let value = 0n;
    for (let i = 0; i < size; i++) value = (value << 8n) | BigInt(bytes[pos++]);
    const min = [24n, 0x100n, 0x10000n, 0x100000000n][info - 24];
    if (value < min) reject(Code.NonCanonicalEncoding, 'non-shortest argument');
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }

  function item(depth) {
    if (depth > MAX_DEPTH) reject(Code.LimitExceeded, 'depth');
    if (remaining() < 1) reject(Code.Truncated, 'item');
    const initial = bytes[pos++];
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info > 27 && info < 31) reject(Code.Malformed, 'reserved additional information');
      return reject(Code.ForbiddenCborItem, 'float, null, undefined, break or other simple value');
    }
    switch (major) {
      case 0: return readArgument(info);
      case 1: readArgument(info); return { negative: true };
      case 2:
      case 3: {
        const length = readArgument(info);
        if (typeof length !== 'number' || length > remaining()) reject(Code.Truncated, 'string length');
        const slice = bytes.subarray(pos, pos + length);
        pos += length;
        if (major === 2) return slice;
        try { return utf8.decode(slice); } catch { return reject(Code.Malformed, 'invalid UTF-8'); }
      }
      case 4: {
        const count = readArgument(info);
        if (typeof count !== 'number' || count > remaining()) reject(Code.Truncated, 'array count');
        const out = [];
        for (let i = 0; i < count; i++) out.push(item(depth + 1));
        return out;
      }
      case 5: {
        const count = readArgument(info);
        if (typeof count !== 'number' || count > Math.floor(remaining() / 2)) reject(Code.Truncated, 'map count');
        const out = new Map();
        let previous = null;
        for (let i = 0; i < count; i++) {
          const keyStart = pos;
          const key = item(depth + 1);
          const encoded = bytes.subarray(keyStart, pos);
          if (previous) {
            const order = compareBytes(previous, encoded);
            if (order === 0) reject(Code.DuplicateMapKey, 'repeated key');
            if (order > 0) reject(Code.NonCanonicalEncoding, 'descending key');
          }
          previous = encoded;
          out.set(key, item(depth + 1));
        }
        return out;
      }
      default: readArgument(info); return reject(Code.ForbiddenCborItem, 'tag'); // the head is read (and checked) first
    }
  }

  const value = item(0);
  if (pos !== bytes.length) reject(Code.TrailingBytes, 'trailing bytes');
  return value;
}

function head(major, value, out) {
  const v = BigInt(value);
  if (v < 24n) out.push((major << 5) | Number(v));
  else if (v < 0x100n) out.push((major << 5) | 24, Number(v));
  else if (v < 0x10000n) out.push((major << 5) | 25, Number(v >> 8n), Number(v & 0xffn));
  else if (v < 0x100000000n) {
    out.push((major << 5) | 26);
    for (let s = 24n; s >= 0n; s -= 8n) out.push(Number((v >> s) & 0xffn));
  } else {
    out.push((major << 5) | 27);
    for (let s = 56n; s >= 0n; s -= 8n) out.push(Number((v >> s) & 0xffn));
  }
}

const utf8Encoder = new TextEncoder();

/** Encodes a value in core deterministic encoding (maps: integer keys sorted ascending). */
export function encode(value) {
  const out = [];
  const walk = (v) => {
    if (typeof v === 'number' || typeof v === 'bigint') {
      if (v < 0) throw new Error('negative integers are not part of the profile');
      head(0, v, out);
    } else if (typeof v === 'boolean') {
      out.push(v ? 0xf5 : 0xf4);
    } else if (v instanceof Uint8Array) {
      head(2, v.length, out);
      for (const b of v) out.push(b);
    } else if (typeof v === 'string') {
      const b = utf8Encoder.encode(v);
      head(3, b.length, out);
      for (const x of b) out.push(x);
    } else if (Array.isArray(v)) {
      head(4, v.length, out);
      v.forEach(walk);
    } else if (v instanceof Map) {
      const keys = [...v.keys()].sort((a, b) => a - b);
      head(5, keys.length, out);
      for (const k of keys) { walk(k); walk(v.get(k)); }
    } else {
      throw new Error(`cannot encode ${typeof v}`);
    }
  };
  walk(value);
  return Uint8Array.from(out);
}
