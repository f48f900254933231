import { describe, expect, it } from 'vitest';
import { addLink, listLinks, removeLink } from '../../../../functions/domain/incidents/links';
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
  type ValidationError,
} from '../../../../functions/domain/shared/errors';
import { ada, alice, anIncident, bob, InMemoryIncidentRepository, incId, mallory } from '../../support/incidents';
import { fullDepsFor, InMemoryLinkRepository } from '../../support/watch-links';

const a = anIncident({ id: incId(1), number: 'INC0001001' });
const b = anIncident({ id: incId(2), number: 'INC0001002' });
const c = anIncident({ id: incId(3), number: 'INC0001003', requester: { id: mallory.id, username: 'mallory' } });

function setup(...extra: ReturnType<typeof anIncident>[]) {
  const repo = new InMemoryIncidentRepository(a, b, c, ...extra);
  const links = new InMemoryLinkRepository(repo);
  return { repo, links, as: (who: typeof alice) => fullDepsFor(who, repo, undefined, links) };
}

const codeOf = async (promise: Promise<unknown>) => ((await promise.catch((e: unknown) => e)) as { code: string }).code;

describe('adding a link', () => {
  it('makes the target a child: both sides, the child’s parent pointer (version + 1), an event on each', async () => {
    const { as, repo, links } = setup();
    const { value } = await addLink(incId(1), { type: 'child', target: 'inc0001002' }, as(bob));
    expect(value).toMatchObject({
      recordId: incId(1),
      targetId: incId(2),
      targetNumber: 'INC0001002',
      type: 'parent_of',
    });
    expect(links.links.map((l) => [l.recordId, l.type])).toEqual([
      [incId(1), 'parent_of'],
      [incId(2), 'child_of'],
    ]);
    expect(repo.incidents.get(incId(2))).toMatchObject({ parentId: incId(1), parentNumber: 'INC0001001', version: 2 });
    expect(repo.incidents.get(incId(1))?.version).toBe(1);
    const [onParent, onChild] = repo.events;
    expect(onParent).toMatchObject({ recordId: incId(1), action: 'linked', actor: { username: 'bob' } });
    expect(onParent.changes).toEqual([
      { field: 'link', before: null, after: { type: 'parent_of', targetNumber: 'INC0001002' } },
    ]);
    expect(onChild.changes).toContainEqual({ field: 'parentNumber', before: null, after: 'INC0001001' });
  });

  it('makes the target the parent with type parent, and relates without a pointer', async () => {
    const { as, repo } = setup();
    await addLink('INC0001003', { type: 'parent', target: incId(1) }, as(ada));
    expect(repo.incidents.get(incId(3))?.parentId).toBe(incId(1));
    const related = await addLink(incId(1), { type: 'relates_to', target: incId(2) }, as(bob));
    expect(related.value.type).toBe('relates_to');
    expect(repo.incidents.get(incId(2))?.parentId).toBeUndefined();
  });

  it('is for agents and admins only', async () => {
    const { as } = setup();
    await expect(addLink(incId(1), { type: 'relates_to', target: incId(2) }, as(alice))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('validates type and target', async () => {
    const { as } = setup();
    const error = (await addLink(incId(1), { type: 'sibling', target: 'nope' }, as(bob)).catch(
      (e: unknown) => e,
    )) as ValidationError;
    expect(error.errors.map((e) => e.path).sort()).toEqual(['target', 'type']);
  });

  it('refuses a self link, an unknown target, a major child, a second parent and a parent that is a child', async () => {
    const major = anIncident({ id: incId(4), number: 'INC0001004', major: true });
    const { as } = setup(major);
    expect(await codeOf(addLink(incId(1), { type: 'relates_to', target: incId(1) }, as(bob)))).toBe('SELF_LINK');
    expect(await codeOf(addLink('INC0001001', { type: 'relates_to', target: incId(1) }, as(bob)))).toBe('SELF_LINK');
    const unknown = await addLink(incId(1), { type: 'relates_to', target: 'INC0009999' }, as(bob)).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(BusinessRuleError);
    expect(unknown).toMatchObject({ code: 'UNKNOWN_TARGET', errors: [{ path: 'target' }] });
    expect(await codeOf(addLink(incId(1), { type: 'child', target: incId(4) }, as(bob)))).toBe('MAJOR_CANNOT_BE_CHILD');
    // A major incident may be a parent.
    await addLink(incId(4), { type: 'child', target: incId(2) }, as(bob));
    expect(await codeOf(addLink(incId(1), { type: 'child', target: incId(2) }, as(bob)))).toBe('ALREADY_HAS_PARENT');
    expect(await codeOf(addLink(incId(3), { type: 'parent', target: incId(2) }, as(bob)))).toBe('PARENT_HAS_PARENT');
  });

  it('answers 404 when the incident in the path does not exist', async () => {
    const { as } = setup();
    await expect(addLink(incId(99), { type: 'relates_to', target: incId(2) }, as(bob))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('removing and listing links', () => {
  it('removes both sides and clears the child’s pointer, from either side', async () => {
    const { as, repo, links } = setup();
    await addLink(incId(1), { type: 'child', target: incId(2) }, as(bob));
    await removeLink('INC0001002', incId(1), as(bob));
    expect(links.links).toEqual([]);
    expect(repo.incidents.get(incId(2))).toMatchObject({ version: 3 });
    expect(repo.incidents.get(incId(2))?.parentId).toBeUndefined();
    expect(repo.events.at(-1)?.changes).toEqual([
      { field: 'link', before: { type: 'parent_of', targetNumber: 'INC0001002' }, after: null },
    ]);
    expect(repo.events.at(-2)?.changes).toContainEqual({ field: 'parentNumber', before: 'INC0001001', after: null });
  });

  it('answers 404 for no link or a target that is not an id, 403 for requesters', async () => {
    const { as } = setup();
    await expect(removeLink(incId(1), incId(2), as(bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeLink(incId(1), 'INC0001002', as(bob))).rejects.toBeInstanceOf(NotFoundError);
    // No incident is linked to itself, by id or by number.
    await expect(removeLink(incId(1), incId(1), as(bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeLink('INC0001001', incId(1), as(bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeLink(incId(1), incId(2), as(alice))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lists links to anyone who can see the incident, optionally of one type', async () => {
    const { as } = setup();
    await addLink(incId(1), { type: 'child', target: incId(2) }, as(bob));
    await addLink(incId(1), { type: 'relates_to', target: incId(3) }, as(bob));
    expect((await listLinks(incId(1), {}, as(alice))).items).toHaveLength(2);
    expect((await listLinks(incId(1), { type: 'parent_of' }, as(bob))).items.map((l) => l.targetId)).toEqual([
      incId(2),
    ]);
    await expect(listLinks(incId(1), {}, as(mallory))).rejects.toBeInstanceOf(NotFoundError);
    await expect(listLinks(incId(1), { type: 'sibling' }, as(bob))).rejects.toMatchObject({ status: 400 });
  });
});
