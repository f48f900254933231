import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { ShardCheckpoint } from './checkpoints';

/** Every shard of the stream, all pages of DescribeStream. */
export async function describeShards(client: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let ExclusiveStartShardId: string | undefined;
  do {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
  } while (ExclusiveStartShardId);
  return shards;
}

/** Where a shard's reading resumes: right after its checkpoint, or at its oldest record when it has none. */
export async function iteratorFrom(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  checkpoint: ShardCheckpoint | undefined,
): Promise<string | undefined> {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand(
      checkpoint?.sequenceNumber
        ? {
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            SequenceNumber: checkpoint.sequenceNumber,
          }
        : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
    ),
  );
  return ShardIterator;
}

/** Parents before children: a shard is read once its parent is finished or gone from the stream (expired). */
export function isReady(shard: Shard, finished: (shardId: string) => boolean, known: Set<string>): boolean {
  const parent = shard.ParentShardId;
  return !parent || !known.has(parent) || finished(parent);
}
