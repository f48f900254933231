import { monotonicFactory } from 'ulid';

/** Monotonic within a process, so records created in the same millisecond keep their order. */
const ulid = monotonicFactory();

export const ids = { next: () => ulid() };
