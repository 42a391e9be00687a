// One lock per device, as vxsuite holds one lock around every transfer to a device: status
// reads, print jobs and reprints all wait their turn here. usblp allows one open of
// /dev/usb/lp0 at a time, so two operations that overlap make one of them fail with EBUSY;
// a TCP printer on port 9100 serves one connection at a time as well.
export interface DeviceLock {
  /** Runs `fn` when every operation queued before it has finished (whatever their outcome). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether an operation holds the device now. */
  readonly held: boolean;
}

export function createDeviceLock(): DeviceLock {
  let tail: Promise<unknown> = Promise.resolve();
  let running = 0;
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const go = async () => {
        running++;
        try {
          return await fn();
        } finally {
          running--;
        }
      };
      const result = tail.then(go, go);
      tail = result.catch(() => {});
      return result;
    },
    get held() {
      return running > 0;
    },
  };
}
