import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '../shared/env';

let documentClient: DynamoDBDocumentClient | undefined;

/** One client per process (module scope), pointed at DynamoDB Local when DYNAMODB_ENDPOINT is set. */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { DYNAMODB_ENDPOINT, AWS_REGION } = env();
    const client = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT
        ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
}

/** Lets tests and the benchmark swap the client (e.g. one with a call-counting middleware). */
export function setDynamo(client: DynamoDBDocumentClient | undefined): void {
  documentClient = client;
}
