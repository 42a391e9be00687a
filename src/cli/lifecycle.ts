// Stops cleanly on SIGINT/SIGTERM, once.
export function runUntilSignalled(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stop()
      .catch((e: unknown) => console.error(`error while stopping: ${(e as Error).message}`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
