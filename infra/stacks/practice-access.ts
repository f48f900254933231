import type { Practice } from '../../functions/http/routes';
import type { MailBucketAccess } from '../constructs/mail-intake';
import type { TableAccess } from '../constructs/table';

/**
 * What each practice function may do on the table. Typed on `Practice`, so adding a practice to routes.ts fails
 * type-checking until its access is decided here. Least privilege: `none` gets no DynamoDB statement at all.
 */
export const tableAccessByPractice: Readonly<Record<Practice, TableAccess>> = {
  meta: 'none',
  incidents: 'readwrite',
  routing: 'readwrite',
  groups: 'readwrite',
  admin: 'readwrite',
  people: 'readwrite',
  sla: 'readwrite',
  /** Reads report buckets and checks the group exists: GetItem + Query, nothing else. */
  reports: ['dynamodb:GetItem', 'dynamodb:Query'],
  /** The quarantine and reprocessing run intake, which writes incidents, comments, people and its own items. */
  email: 'readwrite',
  /** Change records, their templates and risk questions (and the people and services they name). */
  changes: 'readwrite',
};

/**
 * Which practice functions get the mail bucket (`MAIL_BUCKET`, `NIMBUS_DESK_ADDRESS`) and which object access in it,
 * when inbound mail is configured (decision 0028). The incidents practice signs attachment download URLs with its own
 * role, so it reads `attachments/*`; the e-mail practice releases and re-processes stored mail (it runs the intake:
 * reads `raw/*`, writes `attachments/*`). Nothing else of the API touches the bucket.
 */
export const mailBucketAccessByPractice: Readonly<Partial<Record<Practice, MailBucketAccess>>> = {
  incidents: 'attachments-read',
  email: 'intake',
};
