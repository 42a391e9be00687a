// Serves the built renderer. Nothing it serves carries the session token: the page gets its
// access from the session cookie (see server.ts and launch-codes.ts), so any local user may
// fetch these files and learn nothing that lets them call the kiosk.
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface StaticFile {
  status: number;
  type: string;
  body: Buffer | string;
  cache: string;
}

export function createStaticSite(rootDir: string) {
  const root = path.resolve(rootDir);
  const indexPath = path.join(root, 'index.html');
  let indexCache: string | null = null;
  const index = (): StaticFile => {
    if (!existsSync(indexPath)) {
      return { status: 503, type: 'text/plain; charset=utf-8', body: 'The kiosk screen has not been built. Run `npm run build` and restart.', cache: 'no-store' };
    }
    indexCache ??= readFileSync(indexPath, 'utf8');
    return { status: 200, type: TYPES['.html']!, body: indexCache, cache: 'no-store' };
  };
  return {
    get(urlPath: string): StaticFile {
      if (urlPath === '/' || urlPath === '/index.html') return index();
      let decoded: string;
      try {
        decoded = decodeURIComponent(urlPath);
      } catch {
        return { status: 400, type: 'text/plain; charset=utf-8', body: 'Bad path.', cache: 'no-store' };
      }
      // Source maps would hand out the sources; a build leaves none, and none is ever served.
      if (/\.map$/i.test(decoded)) return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found.', cache: 'no-store' };
      const file = path.resolve(root, '.' + decoded);
      if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
        return { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found.', cache: 'no-store' };
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = decoded.startsWith('/assets/');
      return { status: 200, type, body: readFileSync(file), cache: immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
    },
  };
}
