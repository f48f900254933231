import type { _Record, AttributeValue as StreamAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, StreamRecord } from 'aws-lambda';

type Image = Record<string, StreamAttributeValue>;

/**
 * One stream record as the DynamoDB Streams SDK returns it, turned into the record Lambda hands a function: the
 * same fields, with binary values in base64 and `ApproximateCreationDateTime` in epoch seconds (the SDK parses it
 * into a Date). Absent fields stay absent, as in Lambda's JSON.
 */
export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const source = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {};
  if (source.ApproximateCreationDateTime)
    dynamodb.ApproximateCreationDateTime = Math.floor(source.ApproximateCreationDateTime.getTime() / 1000);
  if (source.Keys) dynamodb.Keys = imageOf(source.Keys);
  if (source.NewImage) dynamodb.NewImage = imageOf(source.NewImage);
  if (source.OldImage) dynamodb.OldImage = imageOf(source.OldImage);
  if (source.SequenceNumber !== undefined) dynamodb.SequenceNumber = source.SequenceNumber;
  if (source.SizeBytes !== undefined) dynamodb.SizeBytes = source.SizeBytes;
  if (source.StreamViewType) dynamodb.StreamViewType = source.StreamViewType;

  const lambda: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb,
  };
  // Time-to-live deletions carry the DynamoDB service as their identity.
  if (record.userIdentity) lambda.userIdentity = { ...record.userIdentity };
  for (const key of Object.keys(lambda) as (keyof DynamoDBRecord)[]) if (lambda[key] === undefined) delete lambda[key];
  return lambda;
}

export function sequenceNumberOf(record: DynamoDBRecord): string {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (!sequenceNumber) throw new Error(`Stream record ${record.eventID} has no sequence number`);
  return sequenceNumber;
}

function imageOf(image: Image): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(image)) out[name] = attributeOf(value);
  return out;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function attributeOf(value: StreamAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(attributeOf) };
  if (value.M !== undefined) return { M: imageOf(value.M) };
  // The Streams client reads an empty map ({"M":{}}) as an empty union: nothing else comes out empty.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`Unsupported stream attribute value: ${JSON.stringify(Object.keys(value))}`);
}
