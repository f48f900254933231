/**
 * THE table declaration. The CDK stack and the local stack both build the table from this object,
 * and the ElectroDB entities name these attributes and indexes.
 */
export const tableDefinition = {
  /** Logical name; CDK lets CloudFormation name the physical table, the local stack uses this name. */
  name: 'nimbus',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every item change, with both images, goes to the after-commit dispatcher (functions/dispatch). */
  stream: 'NEW_AND_OLD_IMAGES',
  /** Items with this epoch-seconds attribute expire (idempotency records, delivery claims). */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
    { indexName: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute is a string: DynamoDB attribute definitions for table creation. */
export function keyAttributeNames(): string[] {
  const names: string[] = [tableDefinition.partitionKey, tableDefinition.sortKey];
  for (const gsi of tableDefinition.globalSecondaryIndexes) names.push(gsi.partitionKey, gsi.sortKey);
  return names;
}
