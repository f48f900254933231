import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from './atomic-file';

/** Per shard: the last sequence number fully handled, and whether the (closed) shard was read to its end. */
export interface ShardCheckpoint {
  readonly sequenceNumber?: string;
  readonly finished?: boolean;
}

interface CheckpointFile {
  readonly streamArn: string;
  readonly shards: Record<string, ShardCheckpoint>;
}

export interface Checkpoints {
  /** The stream the file's checkpoints belong to, when it names one other than the stream being read. */
  readonly staleStreamArn?: string;
  get(shardId: string): ShardCheckpoint | undefined;
  /** Records progress and, with a file, persists it before resolving. */
  save(shardId: string, checkpoint: ShardCheckpoint): Promise<void>;
}

/**
 * The poller's position in the stream, like the checkpoint a Lambda event source mapping keeps: in memory, and in
 * a JSON file when one is given (replaced atomically on each save, so a crash leaves the previous position).
 */
export async function openCheckpoints(streamArn: string, file?: string): Promise<Checkpoints> {
  const stored = file ? await readCheckpointFile(file) : undefined;
  const sameStream = stored?.streamArn === streamArn;
  const shards: Record<string, ShardCheckpoint> = sameStream ? { ...stored.shards } : {};
  let writing: Promise<void> = Promise.resolve();
  return {
    staleStreamArn: stored && !sameStream ? stored.streamArn : undefined,
    get: (shardId) => shards[shardId],
    save(shardId, checkpoint) {
      shards[shardId] = checkpoint;
      if (!file) return Promise.resolve();
      const content = `${JSON.stringify({ streamArn, shards } satisfies CheckpointFile, null, 2)}\n`;
      writing = writing.catch(() => undefined).then(() => writeFileAtomically(file, content));
      return writing;
    },
  };
}

async function readCheckpointFile(file: string): Promise<CheckpointFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<CheckpointFile>;
  if (typeof parsed.streamArn !== 'string' || typeof parsed.shards !== 'object' || parsed.shards === null)
    throw new Error(`${file} is not a stream checkpoint file (expected { streamArn, shards })`);
  return parsed as CheckpointFile;
}
