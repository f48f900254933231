import { join } from 'node:path';
import { repositoryRoot } from './stack';

/** Where `npm start` keeps its state; `npm run reset` deletes it. */
export const dataDir = process.env.NIMBUS_DATA_DIR ?? join(repositoryRoot, '.data');
export const dbPath = join(dataDir, 'dynamodb');
export const issuerKeyFile = join(dataDir, 'issuer-key.json');
export const stackInfoFile = join(dataDir, 'stack.json');
