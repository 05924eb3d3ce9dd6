// Loads protocols/test-vectors/envelope-v1.json and turns it into the inputs of envelope.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as c from './crypto.mjs';
import { loadRegistry } from './envelope.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const VECTORS_PATH = path.join(here, '..', '..', 'protocols', 'test-vectors', 'envelope-v1.json');

export function loadVectors(file = VECTORS_PATH) {
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  const anchor = { edPublic: c.unhex(v.registry_key.ed25519_public_key), mlPublic: c.unhex(v.registry_key.ml_dsa_65_public_key) };
  const agencies = new Map(v.agencies.map((a) => [a.id, {
    ...a,
    signing: c.signingKeyFromSeed(c.unhex(a.signing_seed)),
    encryption: c.xwingKeyFromSeed(c.unhex(a.encryption_seed)),
  }]));
  return { raw: v, anchor, agencies, registry: () => loadRegistry(c.unhex(v.signed_registry), anchor) };
}

/** The sealed[] request in the shape envelope.seal takes. */
export function sealRequest(entry, agencies) {
  const r = entry.request;
  return {
    id: c.unhex(r.id), kind: r.kind, inReplyTo: r.in_reply_to ? c.unhex(r.in_reply_to) : null,
    created: r.created_ms, expires: r.expires_ms, category: r.category, priority: r.priority, tlp: r.tlp,
    classification: r.classification, handling: r.handling, broadcast: r.broadcast,
    views: r.views.map((x) => ({ dataClasses: x.data_classes, plaintext: c.unhex(x.plaintext) })),
    recipients: r.recipients.map((x) => ({ agency: x.agency, view: x.view, publicKey: agencies.get(x.agency).encryption.publicKey })),
  };
}
