// A small real filesystem for disk-full tests: a tmpfs mounted on a temp directory (needs
// root with mount rights, as on CI), and a filler file that takes every free byte.
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the filesystem is full, then gives back `leaveBytes`; returns the filler's size. */
  fill(leaveBytes?: number): number;
  /** Deletes the filler file. */
  free(): void;
  freeBytes(): number;
  unmount(): void;
}

/** null (with the reason) when this machine cannot mount a tmpfs (not root, or no mount rights). */
export function mountSmallDisk(sizeBytes: number): SmallDisk | { unavailable: string } {
  if (process.platform !== 'linux') return { unavailable: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { unavailable: 'mounting a small tmpfs needs root (CI runs as root)' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `mount -t tmpfs failed: ${(e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message}` };
  }
  const filler = path.join(dir, 'filler.bin');
  return {
    dir,
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'a');
      let total = 0;
      try {
        for (const size of [1 << 20, 64 << 10, 4 << 10, 512, 1]) {
          const chunk = Buffer.alloc(size, 0x55);
          for (;;) {
            try {
              total += writeSync(fd, chunk);
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw e;
            }
          }
        }
        if (leaveBytes > 0) {
          total = Math.max(0, total - leaveBytes);
          ftruncateSync(fd, total);
        }
      } finally {
        closeSync(fd);
      }
      return total;
    },
    free() {
      rmSync(filler, { force: true });
    },
    freeBytes() {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
