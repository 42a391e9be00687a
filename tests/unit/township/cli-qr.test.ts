// The township CLI as a villager's official would type it (the built dist/township/township/cli.js,
// as `npm run township --` runs it): household add prints only the id and writes a card PDF
// whose QR is the signed card; household list shows it; poster, import and their errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../../support/kiosk-process.js';
import { readPdf } from '../../support/pdf-qr.js';
import { householdVerifier } from '#src/scan/household-card.js';
import { routeScanText } from '#src/scan/route.js';

const run = promisify(execFile);
const CLI = path.join(repoRoot, 'dist/township/township/cli.js');

async function cli(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, TOWNSHIP_CONFIG: '', TOWNSHIP_DATA_DIR: path.join(dir, 'data'), TOWNSHIP_PUBLIC_URL: 'https://fuwu.example.cn' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

test('household add --card, household list, poster and import from the command line', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'township-cli-'));
  try {
    const add = await cli(dir, ['household', 'add', '--village', '西坡村', '--tag', 'aged-80', '--card', 'card.pdf']);
    assert.equal(add.code, 0, add.stderr);
    const id = add.stdout.trim();
    assert.match(id, /^H-[34679A-Z]{4}-[34679A-Z]{4}$/);
    const key = (await cli(dir, ['public-key'])).stdout.trim();
    const read = readPdf(readFileSync(path.join(dir, 'card.pdf')));
    const route = routeScanText(read.codes[0]![0]!, householdVerifier(key));
    assert.ok(route.kind === 'household');
    assert.equal(route.card.householdId, id);
    const list = await cli(dir, ['household', 'list']);
    assert.match(list.stdout, new RegExp(`^${id}\\t西坡村\\t-\\taged-80\\t-\\tC-`, 'm'));
    const bad = await cli(dir, ['household', 'add', '--village', '西坡村', '--tag', 'rich']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /tags\.0: one of aged-80/);

    const policy = JSON.parse(readFileSync(path.join(repoRoot, 'resources/content/policies.json'), 'utf8')).items[0];
    writeFileSync(path.join(dir, 'items.json'), JSON.stringify([{ type: 'policy', id: 'cli-good', body: policy.body }, { type: 'policy', id: 'cli-bad', body: { ...policy.body, deadline: 'soon' } }]));
    const imp = await cli(dir, ['import', 'items.json']);
    assert.equal(imp.code, 1, 'some rows refused');
    assert.match(imp.stderr, /^row 2 \(id cli-bad\): field deadline: /m);
    assert.match(imp.stdout, /published 1, unchanged 0, refused 1/);
    const poster = await cli(dir, ['poster', 'policy', 'cli-good', '--out', 'poster.pdf']);
    assert.equal(poster.code, 0, poster.stderr);
    assert.deepEqual(readPdf(readFileSync(path.join(dir, 'poster.pdf'))).codes, [['https://fuwu.example.cn/policies/cli-good?vk=VKP:policy:cli-good']]);
    const missing = await cli(dir, ['poster', 'policy', 'cli-bad', '--out', 'x.pdf']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /there is no published policy "cli-bad"/);
    const header = await cli(dir, ['import', '--template', 'policy']);
    assert.match(header.stdout, /^type,id,title\.zh-CN,title\.en,category,/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
