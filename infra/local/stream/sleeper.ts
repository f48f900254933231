/** Interruptible waits: `cancel()` ends the current and every later wait at once, so no timer outlives a stop. */
export function sleeper() {
  let cancelled = false;
  let wake: (() => void) | undefined;
  return {
    /** Resolves true after `ms`, or false as soon as the sleeper is cancelled. */
    sleep(ms: number): Promise<boolean> {
      if (cancelled) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(true);
        }, ms);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve(false);
        };
      });
    },
    cancel(): void {
      cancelled = true;
      wake?.();
    },
  };
}
