import type { RouteSpec } from '../route-spec';

/** Routes of the reports practice: read-only figures kept by dispatcher consumers. Metadata only. */
export const reportRoutes = [
  {
    method: 'GET',
    path: '/reports/sla',
    practice: 'reports',
    operation: 'getSlaReport',
    summary:
      'SLA compliance over UTC days ?from=&to= (at most 366), optionally ?groupId=: response and resolution compliance, breaches by priority and group, mean business seconds to acknowledge and resolve',
    roles: ['agent', 'admin'],
  },
] as const satisfies readonly RouteSpec<'reports'>[];
