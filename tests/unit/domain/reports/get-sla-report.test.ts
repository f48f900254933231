import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Group } from '../../../../functions/domain/groups/group';
import { getSlaReport, type SlaReportDeps } from '../../../../functions/domain/reports/get-sla-report';
import { emptyCounters, type SlaBucket } from '../../../../functions/domain/reports/sla-report';
import { type Actor, rolesFromGroups } from '../../../../functions/domain/shared/actor';
import { DomainError } from '../../../../functions/domain/shared/errors';

const who = (groups: string[]): Actor => ({ id: `u-${groups.join()}`, username: 'u', roles: rolesFromGroups(groups) });
const agent = who(['agents']);
const admin = who(['admins']);
const requester = who([]);

function fakeDeps(actor: Actor, buckets: SlaBucket[] = []) {
  const reads: { scope: string; from: string; to: string }[] = [];
  const deps: SlaReportDeps = {
    actor,
    clock: { now: () => new Date('2026-12-06T12:00:00Z') },
    ids: { next: () => 'id' },
    reports: {
      async buckets(scope, from, to) {
        reads.push({ scope, from, to });
        return buckets;
      },
    },
    groups: { get: async (id) => (id === 'network' ? ({ id } as Group) : undefined) },
  };
  return { deps, reads };
}

const bucket = (overrides: Partial<SlaBucket>): SlaBucket => ({
  ...emptyCounters,
  day: '2026-12-01',
  group: 'network',
  priority: 'P2',
  ...overrides,
});

describe('getSlaReport', () => {
  it('reads one scope — `all`, or the group’s — over the days asked, and shapes the figures', async () => {
    const { deps, reads } = fakeDeps(agent, [
      bucket({ responseMet: 3, responseBreached: 1, acknowledgeSeconds: 1200, acknowledgeCount: 4 }),
      bucket({ priority: 'P1', resolutionBreached: 2, resolveSeconds: 90000, resolveCount: 2 }),
    ]);
    const report = await getSlaReport({ from: '2026-12-01', to: '2026-12-31' }, deps);
    expect(reads).toEqual([{ scope: 'all', from: '2026-12-01', to: '2026-12-31' }]);
    expect(report).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
      groupId: null,
      response: { compliancePercent: 75, met: 3, breached: 1, meanSeconds: 300, measured: 4, totalSeconds: 1200 },
      resolution: { compliancePercent: 0, met: 0, breached: 2, meanSeconds: 45000, measured: 2, totalSeconds: 90000 },
      breachesByPriority: { P2: 1, P1: 2 },
      breachesByGroup: { network: 3 },
      buckets: 2,
    });
    await getSlaReport({ from: '2026-12-01', to: '2026-12-01', groupId: 'network' }, deps);
    await getSlaReport({ from: '2026-12-01', to: '2026-12-01', groupId: '(unassigned)' }, deps);
    expect(reads.slice(1).map((r) => r.scope)).toEqual(['group:network', 'group:(unassigned)']);
  });

  it('lets agents and admins read, not requesters (before any validation or read)', async () => {
    await expect(getSlaReport({ from: '2026-12-01', to: '2026-12-01' }, fakeDeps(admin).deps)).resolves.toBeDefined();
    const { deps, reads } = fakeDeps(requester);
    await expect(getSlaReport({}, deps)).rejects.toMatchObject({ status: 403 });
    expect(reads).toEqual([]);
  });

  it('takes a range of up to 366 days, naming `to` otherwise (422)', async () => {
    const { deps } = fakeDeps(agent);
    await expect(getSlaReport({ from: '2024-01-01', to: '2024-12-31' }, deps)).resolves.toBeDefined(); // 366 days
    await expect(getSlaReport({ from: '2024-01-01', to: '2025-01-01' }, deps)).rejects.toMatchObject({
      status: 422,
      code: 'RANGE_TOO_LONG',
      errors: [{ path: 'to' }],
    });
    await expect(getSlaReport({ from: '2026-12-02', to: '2026-12-01' }, deps)).rejects.toMatchObject({
      status: 422,
      code: 'INVALID_RANGE',
      errors: [{ path: 'to' }],
    });
  });

  it('refuses malformed days, unknown parameters and groups that do not exist', async () => {
    const { deps } = fakeDeps(agent);
    for (const [query, path] of [
      [{ from: '2026-02-29', to: '2026-03-01' }, 'from'],
      [{ from: '2026-12-01', to: '2026-12-01T00:00:00Z' }, 'to'],
      [{ from: '2026-12-01', to: '2026-12-01', groupId: 'Not A Slug' }, 'groupId'],
      [{ from: '2026-12-01', to: '2026-12-01', limit: '5' }, 'limit'],
    ] as const) {
      await expect(getSlaReport(query, deps), JSON.stringify(query)).rejects.toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ path })],
      });
    }
    await expect(getSlaReport({ from: '2026-12-01', to: '2026-12-01', groupId: 'nope' }, deps)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('never fails with anything but a 4xx domain error, whatever the query', async () => {
    const { deps } = fakeDeps(agent);
    const dayish = fc.oneof(
      fc.string(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('0000-00-00', '2026-13-01', '9999-12-31', '+20000-01-01', ''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { from: dayish, to: dayish, groupId: fc.oneof(fc.string(), fc.constant('network')), other: fc.string() },
          { requiredKeys: [] },
        ),
        async (query) => {
          try {
            await getSlaReport(query, deps);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
