/** Whether a single-item ElectroDB/DynamoDB write failed on its condition (ElectroDB wraps the SDK error). */
export function isConditionFailure(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name === 'ConditionalCheckFailedException') return true;
  }
  return false;
}
