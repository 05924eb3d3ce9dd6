// The strict decoder of §3 names the first violation with its stable code, and the encoder round-trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, Reject } from './cbor.mjs';

const h = (s) => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const codeOf = (bytes) => { try { decode(bytes); return null; } catch (e) { if (e instanceof Reject) return e.code; throw e; } };

test('decode: refused encodings get their profile codes', () => {
  const cases = [
    ['1801', 104, 'non-shortest integer'],
    ['590001 00', 104, 'non-shortest length'],
    ['a2 0101 0102', 105, 'repeated map key'],
    ['a2 0201 0102', 104, 'descending map key'],
    ['9f 01 ff', 106, 'indefinite-length array'],
    ['c1 01', 106, 'tag'],
    ['fb 0000000000000000', 106, 'float'],
    ['f6', 106, 'null'],
    ['f7', 106, 'undefined'],
    ['f0', 106, 'other simple value'],
    ['1c', 100, 'reserved additional information'],
    ['dc', 100, 'reserved additional information on a tag'],
    ['62 c328', 100, 'invalid UTF-8'],
    ['01 00', 103, 'trailing byte'],
    ['43 0102', 102, 'byte string longer than the input'],
    ['85 01', 102, 'array count larger than the input'],
    ['1b 00000001', 102, 'truncated argument'],
    ['818181818181818181 00', 110, 'nesting deeper than 8'],
  ];
  for (const [bytes, code, what] of cases) assert.equal(codeOf(h(bytes)), code, what);
});

test('decode: nesting exactly 8 deep is accepted', () => {
  assert.ok(Array.isArray(decode(h('8181818181818181 00'))));
});

test('encode: deterministic output decodes to the same values', () => {
  const value = new Map([[16, [true, false]], [1, 1], [7, 1796031000000], [2, 'TH-ONCB'], [3, new Uint8Array([1, 2, 3])]]);
  const bytes = encode(value);
  assert.equal(Buffer.from(bytes).toString('hex'), 'a50101026754482d4f4e43420343010203071b000001a22bca2dc010 82f5f4'.replace(/\s/g, ''));
  assert.deepEqual(decode(bytes), new Map([...value.entries()].sort((a, b) => a[0] - b[0])));
});
