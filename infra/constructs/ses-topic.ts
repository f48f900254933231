import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface SesTopicProps {
  readonly displayName: string;
  /** What the key protects, for its description. */
  readonly description: string;
}

/**
 * An SNS topic SES publishes to, encrypted with its own rotated KMS key (SNS2) and TLS-only (SNS3). SES can publish to
 * an encrypted topic only when the key policy lets it use the key: the AWS-managed `aws/sns` key's policy cannot be
 * changed, hence a customer-managed key, usable by SES for this account only. Who may publish to the topic itself is
 * added by the construct that knows the SES resource (receipt rule or configuration set).
 */
export class SesTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  readonly ses = new ServicePrincipal('ses.amazonaws.com');

  constructor(scope: Construct, id: string, props: SesTopicProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: props.description,
      enableKeyRotation: true,
      // It protects only messages in flight (SNS keeps nothing): deleting the stack schedules its deletion.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.grant(
      new ServicePrincipal('ses.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.key.stack.account } },
      }),
      'kms:Decrypt',
      'kms:GenerateDataKey',
    );
    this.topic = new Topic(this, 'Topic', { displayName: props.displayName, masterKey: this.key, enforceSSL: true });
  }
}
