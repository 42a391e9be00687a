// Receives scans pushed by the runtime and opens the right screen. The hardware feature
// fills this in (payload routing, confirmation sound, the keyboard-wedge fallback).
import type { ReactElement } from 'react';

export function ScanRouter(): ReactElement | null {
  return null;
}
