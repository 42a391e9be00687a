// The scanner module: picks the scanner source from config, turns every scan into a routed
// scan (decode -> route) and pushes it to the UI (`scanRouted`), reports the scanner's status
// (`deviceStatus`), and serves the keyboard-wedge and dev-panel calls.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ScanRoutedEvent, ScanSource } from '../../contract/devices.js';
import type { RuntimeContext, RuntimeModule } from '../../core/module.js';
import { decodePayload, previewText } from '../../scan/decode.js';
import { householdVerifier } from '../../scan/household-card.js';
import { routeDecoded } from '../../scan/route.js';
import { checkCardStanding } from '../../scan/card-revocations.js';
import { createStatusReporter } from '../device.js';
import { guardedSync } from '../../core/storage-health.js';
import { createHidScannerSource } from './hid-driver.js';
import { nodeHidLoader, type TransportLoader } from './hid-transport.js';
import { createSimulatorScannerSource } from './simulator-source.js';
import { createStateFileScannerSource } from './state-file-source.js';
import type { ScannerSource } from './source.js';

export type ScannerCalls = 'scan.submitWedge' | 'dev.scanner.inject' | 'dev.scanner.setConnected' | 'dev.scanner.state';

export interface ScannerModuleOptions {
  /** Tests: use this source instead of the one config names. */
  source?: ScannerSource | null;
  /** Tests: a fake HID transport for the real driver. */
  hidLoader?: TransportLoader;
  debounceMs?: number;
  /** Receives the full text of a kiosk-enrolment scan (VKE1:…), which goes nowhere else. */
  onEnrolment?: (text: string) => void;
}

/** A wedge scan equal to a HID keyboard-mode scan this recent is the same scan, seen twice. */
const DUPLICATE_WINDOW_MS = 2000;

export function createScannerSourceFromConfig(ctx: RuntimeContext, opts: ScannerModuleOptions = {}): ScannerSource | null {
  const c = ctx.config.devices.scanner;
  const log = ctx.log.child({ component: 'scanner' });
  switch (c.mode) {
    case 'none':
      return null;
    case 'simulator':
      return createSimulatorScannerSource({ path: c.simulatorPath ?? path.join(ctx.config.dataDir, 'scanner-simulator.txt'), log });
    case 'state-file':
      return createStateFileScannerSource({ file: c.stateFile ?? path.join(ctx.config.dataDir, 'scanner-state.json'), log });
    default: {
      const backend = c.hidBackend === 'auto' ? (c.mode === 'hid-keyboard' ? 'libusb' : 'hidraw') : c.hidBackend;
      return createHidScannerSource({ load: opts.hidLoader ?? nodeHidLoader(backend), mode: c.mode, vendorId: c.vendorId, productId: c.productId, log });
    }
  }
}

export function createScannerModule(ctx: RuntimeContext, opts: ScannerModuleOptions = {}): RuntimeModule<ScannerCalls> & { source: ScannerSource | null } {
  const log = ctx.log.child({ component: 'scanner' });
  const source = opts.source !== undefined ? opts.source : createScannerSourceFromConfig(ctx, opts);
  const reporter = createStatusReporter(ctx.bus, 'scanner', { debounceMs: opts.debounceMs ?? 1500, now: ctx.now });
  const verify = householdVerifier(ctx.config.township.publicKey);
  const recentKeyboard: Array<{ text: string; at: number }> = [];
  let off: (() => void) | null = null;

  const pinned = ctx.config.devices.scanner.encoding;
  /** `known`: the encoding the source knows (a HID POS profile, or text typed as keystrokes). */
  const handle = (bytes: Uint8Array, src: ScanSource, known?: 'utf-8' | 'gb18030'): ScanRoutedEvent | null => {
    const atDate = ctx.now();
    const atMs = Date.now();
    // Text that arrived as keystrokes (wedge, keyboard mode) is UTF-8 by construction.
    const textSource = src === 'keyboard-wedge' || src === 'hid-keyboard';
    const decoded = decodePayload(bytes, textSource ? 'utf-8' : pinned !== 'auto' ? pinned : (known ?? 'auto'));
    if (decoded.ok && (src === 'hid-keyboard' || src === 'keyboard-wedge')) {
      // On a hidraw backend the kernel also types the scan into the screen, where the wedge
      // detector catches it: the same scan twice. Keep the first.
      const other = src === 'hid-keyboard' ? 'keyboard-wedge' : 'hid-keyboard';
      while (recentKeyboard.length && atMs - recentKeyboard[0]!.at > DUPLICATE_WINDOW_MS) recentKeyboard.shift();
      const dup = recentKeyboard.findIndex((r) => r.text === `${other}\u0000${decoded.text}`);
      if (dup >= 0) {
        recentKeyboard.splice(dup, 1);
        log.debug('scan-duplicate-dropped', { source: src });
        return null;
      }
      recentKeyboard.push({ text: `${src}\u0000${decoded.text}`, at: atMs });
    }
    const route = checkCardStanding(ctx.db, routeDecoded(decoded, verify), atDate);
    // A payment code or ID number goes no further than this function in full: events carry
    // only the masked form (and logs only the kind). An enrolment code holds the kiosk token:
    // the screen never gets its text either.
    const sensitive = route.kind === 'payment-code' || route.kind === 'id-number';
    const shownText = !decoded.ok ? '' : sensitive ? route.masked : route.kind === 'enrolment' ? 'VKE1:…' : decoded.text;
    const event: ScanRoutedEvent = {
      id: randomUUID(),
      source: src,
      route,
      preview: previewText(shownText),
      at: atDate.toISOString(),
      atMs,
    };
    // Never log the payload itself (household cards carry personal data): only its kind.
    log.info('scan', { source: src, kind: route.kind, reason: route.kind === 'unknown' ? route.reason : undefined, bytes: bytes.length });
    ctx.bus.emit('scanRouted', event);
    if (route.kind === 'enrolment' && decoded.ok) opts.onEnrolment?.(decoded.text);
    ctx.bus.emit('scan', { id: event.id, source: src === 'state-file' ? 'test' : src, text: shownText, at: event.at });
    return event;
  };

  const devRefusal = () => ({ ok: false as const, message: 'The dev panel is off on this kiosk (config ui.devPanel is false).' });

  return {
    source,
    handlers: {
      'scan.submitWedge': ({ text }) => {
        // A failure while routing (a listener writing to a failing disk) is logged, not a crash.
        const e = guardedSync(log, ctx.health, 'scanner', 'route a keyboard-wedge scan', () => handle(new TextEncoder().encode(text), 'keyboard-wedge')) ?? null;
        return { accepted: e !== null, id: e?.id ?? null };
      },
      'dev.scanner.inject': async ({ text, hex }) => {
        if (!ctx.config.ui.devPanel) return devRefusal();
        const bytes = hex !== undefined ? Uint8Array.from(Buffer.from(hex, 'hex')) : new TextEncoder().encode(text ?? '');
        if (source?.control) await source.control.inject(bytes);
        else guardedSync(log, ctx.health, 'scanner', 'route an injected scan', () => handle(bytes, 'test'));
        return { ok: true as const };
      },
      'dev.scanner.setConnected': async ({ connected }) => {
        if (!ctx.config.ui.devPanel) return devRefusal();
        if (!source?.control) return { ok: false as const, message: `The scanner source "${source?.kind ?? 'none'}" cannot be unplugged from here; use devices.scanner.mode "state-file".` };
        await source.control.setConnected(connected);
        return { ok: true as const };
      },
      'dev.scanner.state': () => ({ mode: ctx.config.devices.scanner.mode, controllable: Boolean(source?.control) }),
    },
    async start() {
      if (!source) {
        reporter.report({ state: 'not-configured' });
        return;
      }
      off = source.onEvent((e) =>
        guardedSync(log, ctx.health, 'scanner', e.type === 'status' ? 'report the scanner status' : 'route a scan', () => {
          if (e.type === 'status') reporter.report(e.status);
          else handle(e.bytes, e.source, e.encoding);
        }),
      );
      try {
        await source.start();
      } catch (e) {
        // A source that cannot start is a status, not a crash: the kiosk works without a scanner.
        const message = `The scanner could not start: ${(e as Error).message}`;
        log.error('scanner-start-failed', { message });
        reporter.report({ state: 'error', message });
      }
    },
    async stop() {
      off?.();
      reporter.dispose();
      await source?.stop();
    },
  };
}
