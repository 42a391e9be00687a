// In-memory fake scanner for unit tests: inject scans and plug/unplug it from code.
import { createEmitter, type ScannerSource } from './source.js';

export interface MemoryScannerSource extends ScannerSource {
  control: NonNullable<ScannerSource['control']>;
  readonly connected: boolean;
}

export function createMemoryScannerSource(opts: { connected?: boolean } = {}): MemoryScannerSource {
  const { emit, on } = createEmitter();
  let connected = opts.connected ?? true;
  let running = false;
  const status = () => emit({ type: 'status', status: connected ? { state: 'connected', model: 'in-memory fake' } : { state: 'disconnected', reason: 'unplugged (fake)' } });
  return {
    kind: 'memory',
    onEvent: on,
    get connected() {
      return connected;
    },
    async start() {
      running = true;
      status();
    },
    async stop() {
      running = false;
    },
    control: {
      async inject(bytes) {
        if (running && connected) emit({ type: 'scan', bytes, source: 'test' });
      },
      async setConnected(c) {
        connected = c;
        if (running) status();
      },
    },
  };
}
