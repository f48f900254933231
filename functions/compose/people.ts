import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PeopleDeps, UserSource } from '../domain/people/ports';
import type { CallerDeps } from '../domain/shared/caller';
import { DomainError } from '../domain/shared/errors';
import { env } from '../shared/env';
import { cognitoUserSource } from '../store/cognito-user-source';
import { peopleRepository } from '../store/people-repository';

/** The people directory wired to the store, for `caller`. */
export function peopleDeps(caller: CallerDeps): PeopleDeps {
  return { ...caller, people: peopleRepository };
}

let configured: UserSource | undefined;

/** The local stack's identity provider (its demo users); tests may set their own. On AWS, USER_POOL_ID decides. */
export function setUserSource(source: UserSource | undefined): void {
  configured = source;
}

/**
 * The identity provider the sync reads, by configuration: the one the local stack set, else Cognito's ListUsers on
 * the pool USER_POOL_ID names (the stack sets it, and grants ListUsers on that pool only). Resolved when the sync
 * walks it, so a caller the sync refuses (403) never needs one.
 */
export function userSource(): UserSource {
  return {
    pages() {
      if (configured) return configured.pages();
      const { USER_POOL_ID, AWS_REGION } = env();
      if (!USER_POOL_ID) {
        throw new DomainError('NO_IDENTITY_PROVIDER', 503, 'No identity provider is configured to sync people from');
      }
      return cognitoUserSource(new CognitoIdentityProviderClient({ region: AWS_REGION }), USER_POOL_ID).pages();
    },
  };
}
