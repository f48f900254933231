/**
 * The demo directory of the local stack — the users a Cognito user pool would hold. `groups` are Cognito
 * groups (= roles). Assignment groups are data: the demo desk (demo-data.ts) puts bob and carol in theirs.
 */
export interface LocalUser {
  readonly sub: string;
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly groups: readonly string[];
}

export const localUsers: readonly LocalUser[] = [
  {
    sub: '0b9e2c1a-0000-4000-8000-00000000a11c',
    username: 'alice',
    name: 'Alice Archer',
    email: 'alice@example.com',
    groups: [],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-00000000f4a2',
    username: 'frank',
    name: 'Frank Fischer',
    email: 'frank@example.com',
    groups: [],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-00000000b0b0',
    username: 'bob',
    name: 'Bob Baker',
    email: 'bob@example.com',
    groups: ['agents'],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-00000000ca01',
    username: 'carol',
    name: 'Carol Chen',
    email: 'carol@example.com',
    groups: ['agents'],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-00000000da7e',
    username: 'dave',
    name: 'Dave Dubois',
    email: 'dave@example.com',
    groups: ['change-managers', 'cab'],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-000000006ace',
    username: 'grace',
    name: 'Grace Green',
    email: 'grace@example.com',
    groups: ['cab', 'agents'],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-000000004e1d',
    username: 'heidi',
    name: 'Heidi Hall',
    email: 'heidi@example.com',
    groups: ['cab', 'change-managers'],
  },
  {
    sub: '0b9e2c1a-0000-4000-8000-00000000e414',
    username: 'erin',
    name: 'Erin Evans',
    email: 'erin@example.com',
    groups: ['admins', 'agents'],
  },
];

export function findUser(username: string): LocalUser | undefined {
  return localUsers.find((user) => user.username === username);
}
