import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tableDefinition } from '../../functions/store/table';

/** How much of the table a practice function may touch. */
export type TableAccess = 'none' | 'read' | 'readwrite';

/**
 * Item-level actions only. No Scan (no request path scans, DESIGN §4), no table management, no wildcards.
 * TransactWriteItems / TransactGetItems are authorised through these per-item actions.
 */
export const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
export const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
export const indexReadActions = ['dynamodb:Query'] as const;

/** THE table (functions/store/table.ts), on demand, PITR, deletion protection, KMS (AWS-managed key), TTL, retained. */
export class NimbusTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });

    this.table = new Table(this, 'Table', {
      partitionKey: key(tableDefinition.partitionKey),
      sortKey: key(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: key(gsi.partitionKey),
        sortKey: key(gsi.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /** Explicit actions on the table ARN and on each named index ARN (no `index/*`), so nothing needs IAM5. */
  grant(grantee: IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    const tableActions = access === 'readwrite' ? [...tableReadActions, ...tableWriteActions] : [...tableReadActions];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'NimbusTableItems', actions: tableActions, resources: [this.table.tableArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NimbusTableIndexes',
        actions: [...indexReadActions],
        resources: tableDefinition.globalSecondaryIndexes.map((gsi) => `${this.table.tableArn}/index/${gsi.indexName}`),
      }),
    );
  }
}
