import { useEffect, useState } from 'react';
import { type DemoUser, listDemoUsers, signInCognito, signInLocal } from '../auth/session';
import { ProblemAlert } from '../components/problem-alert';
import type { ConsoleConfig } from '../config';

const roleNames: Record<string, string> = {
  agents: 'agent',
  admins: 'admin',
  'change-managers': 'change manager',
  cab: 'CAB',
};

/** Locally: pick one of the demo users. On AWS: Cognito managed login. */
export function SignIn({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: () => void }) {
  const [users, setUsers] = useState<DemoUser[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (config.auth.kind === 'local') listDemoUsers(config).then(setUsers, setError);
  }, [config]);

  return (
    <main className="page page-narrow" id="main">
      <h1>Sign in to Nimbus ITSM</h1>
      <ProblemAlert error={error} />
      {config.auth.kind === 'cognito' ? (
        <button type="button" onClick={() => void signInCognito(config).catch(setError)}>
          Sign in
        </button>
      ) : (
        <>
          <p>This is the local stack: pick a demo user.</p>
          <ul className="user-list" aria-label="Demo users">
            {users.map((user) => (
              <li key={user.username}>
                <button
                  type="button"
                  className="user-choice"
                  onClick={() => signInLocal(config, user.username).then(onSignedIn, setError)}
                >
                  <span className="user-name">{user.name}</span>
                  <span className="user-roles">
                    {user.username} ·{' '}
                    {user.roles.length ? user.roles.map((r) => roleNames[r] ?? r).join(', ') : 'requester'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
