import type { Consumer } from './consumer';

/** Every consumer of committed changes, composed once for the Lambda and the local stack. */
export function consumers(): Consumer[] {
  return [];
}
