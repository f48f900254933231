import type {
  DeadLetter,
  DeadLetterRepository,
  DeadLetterState,
  RedriveRequest,
} from '../domain/operations/dead-letters';
import type { AuditEvent } from '../domain/shared/audit';
import { isConditionFailure } from './conditions';
import type { DeadLetterItem } from './entities/dead-letter.entity';
import { deadLetterEntity } from './entities/dead-letter.entity';
import { indexKeys, onePage } from './paging';
import { recordWrite } from './record-write';

/** A consumer that failed and later succeeded leaves its counter behind this long. */
const retryingKeepSeconds = 14 * 24 * 60 * 60;
const redrivenKeepSeconds = 90 * 24 * 60 * 60;

export const deadLetterId = (consumer: string, eventId: string) => `${consumer}:${eventId}`;

const epochSeconds = (at: string, plus: number) => Math.floor(Date.parse(at) / 1000) + plus;

function fromItem(item: DeadLetterItem): DeadLetter {
  return {
    id: item.id,
    consumer: item.consumer,
    eventId: item.eventId,
    recordType: item.recordType,
    recordId: item.recordId,
    action: item.action,
    state: item.state,
    attempts: item.attempts,
    lastError: item.lastError,
    firstFailedAt: item.firstFailedAt,
    lastFailedAt: item.lastFailedAt,
    ...(item.deadAt ? { deadAt: item.deadAt } : {}),
    ...(item.redriveRequestedAt ? { redriveRequestedAt: item.redriveRequestedAt } : {}),
    ...(item.redriveRequestedBy ? { redriveRequestedBy: item.redriveRequestedBy } : {}),
    ...(item.redrivenAt ? { redrivenAt: item.redrivenAt } : {}),
  };
}

/** How the dispatcher records a consumer's failures on one event (one UpdateItem each). */
export interface FailureTracker {
  /**
   * One more failed attempt; returns how many there have been (the count survives redeliveries), or `buried` when
   * this consumer's failure on this event is already a dead letter (a redelivered record: nothing more to count).
   */
  failed(consumer: string, event: AuditEvent, error: string, at: string): Promise<number | 'buried'>;
  /** No attempts left: a dead letter admins see, kept until redriven. */
  bury(consumer: string, eventId: string, at: string): Promise<void>;
  /** The redrive succeeded. */
  redriven(id: string, at: string): Promise<void>;
  /** The redrive failed too: dead again, with the new error. */
  redriveFailed(id: string, error: string, at: string): Promise<void>;
}

const errorText = (error: string) => error.slice(0, 2000);

export const failureTracker: FailureTracker = {
  async failed(consumer, event, error, at) {
    const id = deadLetterId(consumer, event.id);
    const deadLetter = deadLetterEntity();
    const counted = deadLetter
      .update({ id })
      .set({
        consumer,
        eventId: event.id,
        recordType: event.recordType,
        recordId: event.recordId,
        action: event.action,
        state: 'retrying',
        lastError: errorText(error),
        lastFailedAt: at,
        expiresAt: epochSeconds(at, retryingKeepSeconds),
      })
      .add({ attempts: 1 })
      .data(({ firstFailedAt }, { ifNotExists }) => ifNotExists(firstFailedAt, at))
      .where((a, { notExists, eq }) => `${notExists(a.state)} OR ${eq(a.state, 'retrying')}`);
    try {
      const { data } = await counted.go({ response: 'all_new' });
      return data.attempts ?? 1;
    } catch (error) {
      if (isConditionFailure(error)) return 'buried';
      throw error;
    }
  },

  async bury(consumer, eventId, at) {
    await deadLetterEntity()
      .patch({ id: deadLetterId(consumer, eventId) })
      .set({ state: 'dead', deadAt: at })
      .remove(['expiresAt'])
      .go({ response: 'none' });
  },

  async redriven(id, at) {
    await deadLetterEntity()
      .patch({ id })
      .set({ state: 'redriven', redrivenAt: at, expiresAt: epochSeconds(at, redrivenKeepSeconds) })
      .go({ response: 'none' });
  },

  async redriveFailed(id, error, at) {
    await deadLetterEntity()
      .patch({ id })
      .set({ state: 'dead', lastError: errorText(error), lastFailedAt: at, deadAt: at })
      .add({ attempts: 1 })
      .go({ response: 'none' });
  },
};

export const deadLetterRepository: DeadLetterRepository = {
  async list(state: DeadLetterState, page) {
    const deadLetter = deadLetterEntity();
    return onePage(deadLetter.query.byState({ state }), page, indexKeys(1), fromItem);
  },

  async get(id) {
    const { data } = await deadLetterEntity().get({ id }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  /** One GetItem (for the answer), then one conditional transaction (the change and the Idempotency-Key's record). */
  async requestRedrive(id, by, at, idempotency): Promise<RedriveRequest> {
    const current = await deadLetterRepository.get(id);
    if (!current) return { refused: undefined };
    // Without a key nothing can be replayed: a letter that is not dead is refused without a write.
    if (current.state !== 'dead' && !idempotency) return { refused: current };
    const requested: DeadLetter = { ...current, state: 'redrive', redriveRequestedAt: at, redriveRequestedBy: by };
    const outcome = await recordWrite()
      .item('deadLetter', deadLetterEntity(), (letter) =>
        letter
          .patch({ id })
          .set({ state: 'redrive', redriveRequestedAt: at, redriveRequestedBy: by })
          .where((a, { eq }) => eq(a.state, 'dead'))
          .commit({ response: 'all_old' }),
      )
      .idempotency(idempotency, requested, at)
      .commit();
    if (outcome.committed) return { requested, replayed: false };
    const replay = outcome.replayed<DeadLetter>();
    if (replay) return { requested: replay, replayed: true };
    const refused = outcome.failed('deadLetter');
    if (refused) return { refused: refused.item ? fromItem(refused.item as DeadLetterItem) : undefined };
    throw outcome.unexpected();
  },
};
