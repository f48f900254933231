import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DomainEvent, type EventPublisher, eventSource } from '../../domain/events/ports';

export interface NdjsonOptions {
  /** @default '000000000000' */
  readonly account?: string;
  /** @default 'local' */
  readonly region?: string;
  /** The envelope id, new for each event as EventBridge's is. */
  readonly newId?: () => string;
}

/** Appends to one file run one after another, so concurrent publications never interleave within a line. */
const appending = new Map<string, Promise<unknown>>();

/**
 * The local stack's bus: each event becomes one line of `file` (`tail -f`-able) in the envelope EventBridge
 * delivers to targets. A publication is one append of all its lines; the folder is created when missing.
 */
export class NdjsonEventPublisher implements EventPublisher {
  readonly #account: string;
  readonly #region: string;
  readonly #newId: () => string;

  constructor(
    readonly file: string,
    options: NdjsonOptions = {},
  ) {
    this.#account = options.account ?? '000000000000';
    this.#region = options.region ?? 'local';
    this.#newId = options.newId ?? randomUUID;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const lines = events.map((event) => `${JSON.stringify(this.envelope(event))}\n`).join('');
    const previous = appending.get(this.file) ?? Promise.resolve();
    const append = previous
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(this.file), { recursive: true });
        await appendFile(this.file, lines, 'utf8');
      });
    appending.set(this.file, append);
    try {
      await append;
    } finally {
      if (appending.get(this.file) === append) appending.delete(this.file);
    }
  }

  envelope(event: DomainEvent) {
    return {
      version: '0',
      id: this.#newId(),
      'detail-type': event.detailType,
      source: eventSource,
      account: this.#account,
      time: envelopeTime(event.time),
      region: this.#region,
      resources: [] as string[],
      detail: event.detail,
    };
  }
}

/** EventBridge's envelope time has whole seconds (`2026-03-04T10:15:30Z`); the detail keeps the milliseconds. */
function envelopeTime(time: string): string {
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? time : at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
