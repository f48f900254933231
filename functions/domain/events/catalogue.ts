/**
 * Every detail-type Nimbus publishes, declared once: its schema version and the kebab-case name of its JSON Schema
 * (`functions/domain/events/schemas/<name>.schema.json`, documented in `docs/events.md`). Tests check the three
 * agree both ways.
 */
export const catalogue = {
  'Incident Created': { schemaVersion: 1 },
  'Incident Status Changed': { schemaVersion: 1 },
  'Incident Assigned': { schemaVersion: 1 },
  'Incident Priority Changed': { schemaVersion: 1 },
  'Major Incident Declared': { schemaVersion: 1 },
  'Major Incident Stood Down': { schemaVersion: 1 },
  'Incident Updated': { schemaVersion: 1 },
  'Comment Added': { schemaVersion: 1 },
  'Watcher Added': { schemaVersion: 1 },
  'Watcher Removed': { schemaVersion: 1 },
  'Incident Linked': { schemaVersion: 1 },
  'Incident Unlinked': { schemaVersion: 1 },
  'SLA Warning': { schemaVersion: 1 },
  'SLA Breached': { schemaVersion: 1 },
  'Group Created': { schemaVersion: 1 },
  'Group Updated': { schemaVersion: 1 },
  'Group Member Added': { schemaVersion: 1 },
  'Group Member Removed': { schemaVersion: 1 },
  'Category Created': { schemaVersion: 1 },
  'Category Updated': { schemaVersion: 1 },
  'Service Created': { schemaVersion: 1 },
  'Service Updated': { schemaVersion: 1 },
  'Routing Rules Changed': { schemaVersion: 1 },
  'Record Changed': { schemaVersion: 1 },
  'Change Created': { schemaVersion: 1 },
  'Change Status Changed': { schemaVersion: 1 },
} as const satisfies Record<string, { readonly schemaVersion: number }>;

export type DetailType = keyof typeof catalogue;

export const detailTypes = Object.keys(catalogue) as DetailType[];

/** `Incident Status Changed` → `incident-status-changed`: the schema file's name and part of each event id. */
export function kebabOf(detailType: DetailType): string {
  return detailType.toLowerCase().replaceAll(' ', '-');
}
