import { persistentIssuer } from './issuer';
import { issuerKeyFile } from './paths';
import { findUser, localUsers } from './users';

/** `npm run token -- <user>` prints a bearer token for a seeded demo user of the local stack. */
const username = process.argv[2];
const user = username ? findUser(username) : undefined;
if (!user) {
  console.error(
    `Usage: npm run token -- <user>\nUsers: ${localUsers.map((u) => `${u.username} (${u.groups.join(', ') || 'requester'})`).join(', ')}`,
  );
  process.exit(1);
}
const issuer = await persistentIssuer(issuerKeyFile);
console.log(await issuer.sign(user));
