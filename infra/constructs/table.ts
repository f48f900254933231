import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tableDefinition } from '../../functions/store/table';

/** How much of the table a function may touch: a level, or exactly these item actions. */
export type TableAccess = 'none' | 'read' | 'readwrite' | readonly TableItemAction[];

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
export type TableItemAction = (typeof tableReadActions)[number] | (typeof tableWriteActions)[number];

/** What Lambda's event source mapping needs to read the stream (all four on the stream ARN, none on `*`). */
export const streamReadActions = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
] as const;

function actionsFor(access: Exclude<TableAccess, 'none'>): TableItemAction[] {
  if (access === 'read') return [...tableReadActions];
  if (access === 'readwrite') return [...tableReadActions, ...tableWriteActions];
  return [...access];
}

/**
 * THE table (functions/store/table.ts), on demand, PITR, deletion protection, KMS (AWS-managed key), TTL, the
 * declared stream, retained.
 */
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
      stream: StreamViewType[tableDefinition.stream],
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

  /**
   * Explicit actions on the table ARN, and `dynamodb:Query` on each named index ARN (no `index/*`) when the access
   * includes queries, so nothing needs IAM5.
   */
  grant(grantee: IGrantable, access: TableAccess): void {
    const actions = access === 'none' ? [] : actionsFor(access);
    if (actions.length === 0) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'NimbusTableItems', actions, resources: [this.table.tableArn] }),
    );
    if (!actions.includes('dynamodb:Query')) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NimbusTableIndexes',
        actions: [...indexReadActions],
        resources: tableDefinition.globalSecondaryIndexes.map((gsi) => `${this.table.tableArn}/index/${gsi.indexName}`),
      }),
    );
  }

  /** Read the table's stream (what an event source mapping needs), on this stream's ARN only. */
  grantStreamRead(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'NimbusTableStream', actions: [...streamReadActions], resources: [this.streamArn] }),
    );
  }

  get streamArn(): string {
    const arn = this.table.tableStreamArn;
    if (!arn) throw new Error('The table has no stream: tableDefinition.stream is required');
    return arn;
  }
}
