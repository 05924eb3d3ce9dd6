// The command line round-trips: seal with the CLI, verify and open with the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as c from './crypto.mjs';
import { loadVectors } from './vectors.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const V = loadVectors();
const run = (...argv) => spawnSync(process.execPath, [path.join(here, 'cli.mjs'), ...argv], { encoding: 'utf8' });

test('cli: seal, then verify and open as each recipient; a non-recipient is rejected with 307', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interop-cli-'));
  try {
    const f = (name, bytes) => { const p = path.join(dir, name); fs.writeFileSync(p, bytes); return p; };
    const plaintext = c.hex(new TextEncoder().encode('{"title":"cli round trip"}'));
    const request = {
      sender: 'SG-CNB', id: '00112233445566778899aabbccddeeff', kind: 1, created_ms: V.raw.now_ms - 60000,
      expires_ms: V.raw.now_ms + 86400000, category: 2, priority: 1, tlp: 1, classification: 0, handling: 0, broadcast: false,
      views: [{ data_classes: ['operational.general'], plaintext }],
      recipients: ['RU-MVD', 'MY-PDRM'].map((agency) => ({ agency, view: 0, encryption_public_key: V.agencies.get(agency).encryption_public_key })),
    };
    const sealed = run('seal', '--request', f('request.json', JSON.stringify(request)),
      '--signing-seed', f('sg.sign', c.unhex(V.agencies.get('SG-CNB').signing_seed)), '--out', path.join(dir, 'env.bin'));
    assert.equal(sealed.status, 0, sealed.stderr);
    const common = ['--envelope', path.join(dir, 'env.bin'), '--registry', f('registry.bin', c.unhex(V.raw.signed_registry)),
      '--anchor-ed25519', V.raw.registry_key.ed25519_public_key, '--anchor-ml-dsa-65', V.raw.registry_key.ml_dsa_65_public_key,
      '--now', String(V.raw.now_ms)];
    const verified = run('verify', ...common);
    assert.equal(verified.status, 0, verified.stderr);
    assert.deepEqual(JSON.parse(verified.stdout).stanzas, ['MY-PDRM', 'RU-MVD']);
    for (const agency of ['RU-MVD', 'MY-PDRM', 'TH-ONCB']) {
      const opened = run('open', ...common, '--agency', agency,
        '--encryption-seed', f(`${agency}.enc`, c.unhex(V.agencies.get(agency).encryption_seed)));
      if (agency === 'TH-ONCB') {
        assert.equal(opened.status, 2);
        assert.deepEqual(JSON.parse(opened.stdout), { reject: 307 });
      } else {
        assert.equal(opened.status, 0, opened.stderr);
        assert.deepEqual(JSON.parse(opened.stdout), { view: 0, plaintext });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
