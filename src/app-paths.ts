// Where the app's own files are: the folder holding package.json, whether we run from
// src/ (tests, tsx), dist/src/ (npm run serve) or inside Electron's app.asar.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findAppRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the app folder (no package.json above ' + fileURLToPath(import.meta.url) + ')');
}

export const appRoot = findAppRoot();
export const rendererDir = path.join(appRoot, 'dist', 'renderer');
export const resourcesDir = path.join(appRoot, 'resources');
