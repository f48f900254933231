import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roleByGroup } from '../../functions/domain/shared/actor';

/** Cognito groups are the roles (DESIGN §5); the group → role map is THE one in functions/domain/actor.ts. */
export const roleGroups = Object.keys(roleByGroup);

/** Lower precedence wins when a user is in several groups (only matters for group IAM roles, which we do not use). */
const groupPrecedence: Record<string, number> = { admins: 0, 'change-managers': 10, cab: 20, agents: 30 };

export interface NimbusAuthProps {
  /**
   * Cognito Plus feature plan with full-function threat protection (adaptive authentication, compromised
   * credentials). Billed per monthly active user, so it is opt-in.
   */
  readonly threatProtection?: boolean;
}

/** The user pool (admin-created users, e-mail sign-in), one public client for web and mobile, the role groups. */
export class NimbusAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly groups: CfnUserPoolGroup[];
  readonly threatProtection: boolean;

  constructor(scope: Construct, id: string, props: NimbusAuthProps = {}) {
    super(scope, id);
    this.threatProtection = props.threatProtection ?? false;

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: this.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(this.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Public client (no secret) for the web console and mobile apps: SRP sign-in, no hosted UI / OAuth flows yet.
    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.groups = roleGroups.map(
      (groupName) =>
        new CfnUserPoolGroup(this, `Group-${groupName}`, {
          userPoolId: this.userPool.userPoolId,
          groupName,
          description: `Nimbus role: ${roleByGroup[groupName]}`,
          precedence: groupPrecedence[groupName],
        }),
    );
  }
}
