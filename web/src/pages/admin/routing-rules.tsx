import { type FormEvent, useState } from 'react';
import { etagOf, ok, type View } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { useSession } from '../../session';

type Rules = View<'getRoutingRules'>;
type Rule = Rules['items'][number];

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function summary(rule: Rule): string {
  const c = rule.conditions;
  const parts = [
    c.keywords?.length ? `keywords ${c.keywords.join(', ')}` : '',
    c.categories?.length ? `categories ${c.categories.join(', ')}` : '',
    c.services?.length ? `services ${c.services.join(', ')}` : '',
    c.impacts?.length ? `impact ${c.impacts.join(', ')}` : '',
    c.urgencies?.length ? `urgency ${c.urgencies.join(', ')}` : '',
    c.requesterDomains?.length ? `domains ${c.requesterDomains.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'every ticket';
}

/** Admins: the routing rules in the order they are tried (first match wins), reorder, default group, add a rule. */
export default function RoutingRules() {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const rules = useLoad(async () => {
    const result = await api.GET('/routing-rules');
    return { ...ok(result), etag: etagOf(result.response) };
  }, [api]);
  const groups = useLoad(
    async () =>
      ok(await api.GET('/groups', { params: { query: { limit: 100 } } })).items.flatMap((g) =>
        'name' in g ? [{ id: g.id, name: g.name, active: g.active }] : [],
      ),
    [api],
  );

  async function patch(body: { order?: string[]; defaultGroup?: string | null }, what: string) {
    if (!rules.data) return;
    try {
      ok(await api.PATCH('/routing-rules', { params: { header: { 'If-Match': rules.data.etag } }, body }));
      setError(undefined);
      setNotice(what);
    } catch (e) {
      setError(e);
    }
    await rules.reload();
  }

  function move(index: number, by: -1 | 1) {
    if (!rules.data) return;
    const order = rules.data.items.map((r) => r.id);
    const [id] = order.splice(index, 1);
    order.splice(index + by, 0, id);
    void patch({ order }, 'Order saved.');
  }

  return (
    <>
      <h1>Routing rules</h1>
      <p>Rules are tried in this order when a ticket is raised; the first that matches decides its group.</p>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? rules.error} />
      {rules.data && (
        <>
          <table className="tickets">
            <caption>Rules, first tried first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">When</th>
                <th scope="col">Group</th>
                <th scope="col">Active</th>
                <th scope="col">Order</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.items.map((rule, index) => (
                <tr key={rule.id} data-rule={rule.name}>
                  <td>{index + 1}</td>
                  <td>{rule.name}</td>
                  <td>{summary(rule)}</td>
                  <td>{rule.actions.assignmentGroup ?? '—'}</td>
                  <td>{rule.active ? 'yes' : 'no'}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={index === 0}
                      aria-label={`Move ${rule.name} up`}
                      onClick={() => move(index, -1)}
                    >
                      Up
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={index === (rules.data?.items.length ?? 0) - 1}
                      aria-label={`Move ${rule.name} down`}
                      onClick={() => move(index, 1)}
                    >
                      Down
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <DefaultGroup
            current={rules.data.defaultGroup}
            groups={groups.data ?? []}
            onSave={(defaultGroup) => void patch({ defaultGroup }, 'Default group saved.')}
          />
        </>
      )}
      <AddRule
        groups={groups.data ?? []}
        onAdded={(name) => {
          setNotice(`Rule “${name}” added.`);
          void rules.reload();
        }}
      />
    </>
  );
}

function DefaultGroup({
  current,
  groups,
  onSave,
}: {
  current: string | null;
  groups: readonly { id: string; name: string }[];
  onSave(group: string | null): void;
}) {
  const [value, setValue] = useState(current ?? '');
  return (
    <form
      className="form"
      aria-label="Default group"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value || null);
      }}
    >
      <Field label="Default group" hint="Where a ticket goes when no rule matches.">
        <select value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="">None</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit">Save default group</button>
    </form>
  );
}

function AddRule({
  groups,
  onAdded,
}: {
  groups: readonly { id: string; name: string; active: boolean }[];
  onAdded(name: string): void;
}) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const fields = fieldsOf(error);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '');
    const keywords = list(text('keywords'));
    const categories = list(text('categories'));
    const services = list(text('services'));
    try {
      const created = ok(
        await api.POST('/routing-rules', {
          body: {
            name: text('name'),
            conditions: {
              ...(keywords.length ? { keywords } : {}),
              ...(categories.length ? { categories } : {}),
              ...(services.length ? { services } : {}),
            },
            actions: text('group') ? { assignmentGroup: text('group') } : {},
            ...(form.get('first') === 'on' ? { position: 0 } : {}),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      formElement.reset();
      setError(undefined);
      onAdded(created.name);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="add-rule-title">
      <h2 id="add-rule-title">Add a rule</h2>
      <ProblemAlert error={error} />
      <form className="form" onSubmit={submit} noValidate aria-label="Add a rule">
        <Field label="Rule name" error={fields.name}>
          <input name="name" autoComplete="off" />
        </Field>
        <Field
          label="Keywords"
          hint="Comma-separated; any of them in the title or description."
          error={fields.keywords}
        >
          <input name="keywords" autoComplete="off" />
        </Field>
        <div className="field-row">
          <Field label="Categories" hint="Comma-separated ids, e.g. network.vpn" error={fields.categories}>
            <input name="categories" autoComplete="off" />
          </Field>
          <Field label="Services" hint="Comma-separated ids, e.g. vpn" error={fields.services}>
            <input name="services" autoComplete="off" />
          </Field>
        </div>
        <Field label="Send to group" error={fields.assignmentGroup}>
          <select name="group" defaultValue="">
            <option value="">Choose…</option>
            {groups
              .filter((g) => g.active)
              .map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
          </select>
        </Field>
        <label className="checkbox">
          <input type="checkbox" name="first" /> Try this rule first
        </label>
        <button type="submit">Add rule</button>
      </form>
    </section>
  );
}
