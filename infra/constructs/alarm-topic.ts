import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Who is told when an alarm fires (SNS asks this address to confirm the subscription). */
  readonly email: string;
}

/**
 * An SNS topic for alarm notifications, encrypted with its own KMS key. CloudWatch can only publish to an encrypted
 * topic whose key policy lets it use the key, and the AWS-managed `aws/sns` key's policy cannot be changed, hence a
 * customer-managed key (rotated).
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  private readonly cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Nimbus alarm notifications (SNS)',
      enableKeyRotation: true,
      // The key protects only transient alarm messages: deleting the stack schedules its deletion.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.grant(this.cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey');

    this.topic = new Topic(this, 'Topic', { displayName: 'Nimbus alarms', masterKey: this.key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** Notify the topic when `alarm` fires; CloudWatch may publish for this alarm only. */
  notifyOn(alarm: Alarm): void {
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [this.cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': alarm.alarmArn } },
      }),
    );
    alarm.addAlarmAction(new SnsAction(this.topic));
  }
}
