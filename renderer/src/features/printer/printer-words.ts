// Which catalogue words go with a printer state or a print failure (devices.json "printer").
import type { DeviceState } from '#contract/core.js';
import type { PrintFailureReason } from '#contract/printer.js';

export function printerConfigured(s: DeviceState): boolean {
  return s.state !== 'not-configured';
}

/** True when a print can be tried now (near end still prints). */
export function printerReady(s: DeviceState): boolean {
  return s.state === 'connected' || s.state === 'paper-near-end';
}

const FAILURE: Record<PrintFailureReason, string> = {
  'paper-out': 'printer.failure.paper-out',
  'cover-open': 'printer.failure.cover-open',
  offline: 'printer.failure.offline',
  disconnected: 'printer.failure.disconnected',
  'not-configured': 'printer.failure.disconnected',
  error: 'printer.failure.error',
  'not-found': 'printer.failure.error',
  'no-such-job': 'printer.failure.error',
};

export function failureKey(reason: PrintFailureReason): string {
  return FAILURE[reason];
}

export function stateKey(s: DeviceState): string {
  return `printer.state.${s.state}`;
}
