// The shipped systemd unit starts the township from the same built file `npm run township`
// runs (the township's build output moved once, and the unit kept the old path).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('village-township.service starts the script npm run township runs', () => {
  const unit = readFileSync('resources/linux/village-township.service', 'utf8');
  const exec = /^ExecStart=\/usr\/bin\/node \/opt\/village-township\/(\S+)\s*$/m.exec(unit);
  assert.ok(exec, 'ExecStart runs node on a file under /opt/village-township');
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const script = /node (dist\/\S+\.js)/.exec(scripts['township'] ?? '');
  assert.ok(script, 'npm run township runs a built file under dist/');
  assert.equal(exec[1], script[1]);
});
