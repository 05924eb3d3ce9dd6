#!/usr/bin/env node
// Command line of the independent envelope v1 implementation, used by the .NET cross-implementation test.
//
//   node cli.mjs open   --envelope F --registry F --anchor-ed25519 HEX --anchor-ml-dsa-65 HEX --agency ID --encryption-seed F --now MS
//   node cli.mjs verify --envelope F --registry F --anchor-ed25519 HEX --anchor-ml-dsa-65 HEX --now MS
//   node cli.mjs seal   --request F.json --signing-seed F --out F
//   node cli.mjs verify-mutations --base F --mutations F --registry F --anchor-ed25519 HEX --anchor-ml-dsa-65 HEX --now MS
//     (--base: an envelope; --mutations: one per line, "x POS MASK" xors byte POS with MASK, "t LEN" truncates to LEN bytes;
//      prints {"codes": [..]} with 0 for a mutant that verifies)
//
// Files named F are raw bytes (envelope, signed registry, 32-byte seeds) except the seal request, which is JSON:
//   { "sender", "id" (hex), "kind", "in_reply_to"? (hex), "created_ms", "expires_ms", "category", "priority", "tlp",
//     "classification", "handling", "broadcast", "views": [{ "data_classes": [..], "plaintext" (hex) }],
//     "recipients": [{ "agency", "view", "encryption_public_key" (hex) }], "entropy_seed"? (hex: test entropy, §13) }
// Output is one JSON line on stdout. A rejection prints {"reject": code} and exits with status 2; usage errors exit 64.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as c from './crypto.mjs';
import * as env from './envelope.mjs';

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) usage(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

function usage(message) {
  process.stderr.write(`${message}\nusage: node cli.mjs open|verify|seal --name value ...\n`);
  process.exit(64);
}

const need = (a, name) => a[name] ?? usage(`missing --${name}`);
const file = (a, name) => new Uint8Array(fs.readFileSync(need(a, name)));
const registryOf = (a) => env.loadRegistry(file(a, 'registry'), {
  edPublic: c.unhex(need(a, 'anchor-ed25519')), mlPublic: c.unhex(need(a, 'anchor-ml-dsa-65')),
});

const commands = {
  open(a) {
    const key = c.xwingKeyFromSeed(file(a, 'encryption-seed'));
    const result = env.open(file(a, 'envelope'), { agency: need(a, 'agency'), key }, registryOf(a), Number(need(a, 'now')));
    return { view: result.view, plaintext: c.hex(result.plaintext) };
  },
  verify(a) {
    const v = env.verify(file(a, 'envelope'), registryOf(a), Number(need(a, 'now')));
    return {
      sender: v.header.sender, id: c.hex(v.header.id),
      stanzas: v.stanzas.map((s) => v.header.recipients[s.index].agency), views: v.views.map((x) => x.index),
    };
  },
  'verify-mutations'(a) {
    const registry = registryOf(a);
    const now = Number(need(a, 'now'));
    const base = file(a, 'base');
    const lines = fs.readFileSync(need(a, 'mutations'), 'utf8').split('\n').filter((l) => l.length > 0);
    const codes = lines.map((line) => {
      const [op, x, y] = line.split(' ');
      let mutant;
      if (op === 'x') { mutant = base.slice(); mutant[Number(x)] ^= Number(y); } else { mutant = base.slice(0, Number(x)); }
      try { env.verify(mutant, registry, now); return 0; } catch (e) { if (e instanceof env.Reject) return e.code; throw e; }
    });
    return { codes };
  },
  seal(a) {
    const r = JSON.parse(fs.readFileSync(need(a, 'request'), 'utf8'));
    const request = {
      id: c.unhex(r.id), kind: r.kind, inReplyTo: r.in_reply_to ? c.unhex(r.in_reply_to) : null,
      created: r.created_ms, expires: r.expires_ms, category: r.category, priority: r.priority, tlp: r.tlp,
      classification: r.classification, handling: r.handling, broadcast: r.broadcast,
      views: r.views.map((x) => ({ dataClasses: x.data_classes, plaintext: c.unhex(x.plaintext) })),
      recipients: r.recipients.map((x) => ({ agency: x.agency, view: x.view, publicKey: c.unhex(x.encryption_public_key) })),
    };
    const entropy = r.entropy_seed ? c.testEntropy(c.unhex(r.entropy_seed)) : (n) => new Uint8Array(randomBytes(n));
    const bytes = env.seal(request, { agency: r.sender, key: c.signingKeyFromSeed(file(a, 'signing-seed')) }, entropy);
    fs.writeFileSync(need(a, 'out'), bytes);
    return { bytes: bytes.length };
  },
};

const [command, ...rest] = process.argv.slice(2);
if (!commands[command]) usage(`unknown command ${command ?? ''}`);
try {
  process.stdout.write(`${JSON.stringify(commands[command](args(rest)))}\n`);
} catch (e) {
  if (!(e instanceof env.Reject)) throw e;
  process.stdout.write(`${JSON.stringify({ reject: e.code })}\n`);
  process.exit(2);
}
