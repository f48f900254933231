import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Outbound mail settings (CDK context `mailFrom`, `mailReplyTo`, `sesIdentity`, `sesConfigurationSet`). */
export interface MailSettings {
  /** The desk's sender address, e.g. `service-desk@example.com`. */
  readonly from: string;
  /** @default `from` */
  readonly replyTo?: string;
  /** The verified SES identity `from` sends as: a domain or an address. @default the domain of `from` */
  readonly identity?: string;
  /** An existing configuration set. @default one created by this stack */
  readonly configurationSetName?: string;
}

/** The domain part of an address (`service-desk@example.com` → `example.com`). */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

/**
 * Outbound e-mail through SES v2: the sender settings the mail adapter reads from its environment, the configuration
 * set every message is sent with, and the one grant that may send (`ses:SendEmail` on the identity and on the
 * configuration set, which SES v2 both authorises).
 */
export class NimbusMail extends Construct {
  readonly from: string;
  readonly replyTo: string;
  readonly identity: string;
  readonly configurationSetName: string;
  /** Set when this stack created the configuration set. */
  readonly configurationSet?: ConfigurationSet;

  constructor(scope: Construct, id: string, settings: MailSettings) {
    super(scope, id);
    this.from = settings.from;
    this.replyTo = settings.replyTo ?? settings.from;
    this.identity = settings.identity ?? domainOf(settings.from);

    if (settings.configurationSetName) {
      this.configurationSetName = settings.configurationSetName;
    } else {
      // SES suppresses addresses that bounced or complained for this set too; the name is CloudFormation's.
      this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
        reputationMetrics: true,
        sendingEnabled: true,
        suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      });
      this.configurationSetName = this.configurationSet.configurationSetName;
    }
  }

  get identityArn(): string {
    return this.sesArn('identity', this.identity);
  }

  get configurationSetArn(): string {
    return this.sesArn('configuration-set', this.configurationSetName);
  }

  /** What the mail adapter reads: `MAIL_FROM`, `MAIL_REPLY_TO`, `SES_CONFIGURATION_SET`. */
  get environment(): Record<string, string> {
    return {
      MAIL_FROM: this.from,
      MAIL_REPLY_TO: this.replyTo,
      SES_CONFIGURATION_SET: this.configurationSetName,
    };
  }

  /** `ses:SendEmail` on exactly this identity and this configuration set; nothing else, no `*`. */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NimbusSendMail',
        actions: ['ses:SendEmail'],
        resources: [this.identityArn, this.configurationSetArn],
      }),
    );
  }

  private sesArn(resource: string, resourceName: string): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource,
      resourceName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}
