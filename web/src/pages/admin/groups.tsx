import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { etagOf, ok, type View } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';
import { PeoplePicker } from './people-picker';

type Group = View<'getGroup'>;
type UserRef = { id: string; username: string };

/** Admins: the assignment groups (create, edit, retire) and, for one group, its members (add with the picker, remove). */
export default function Groups() {
  const { groupId } = useParams();
  const { api } = useSession();
  const [notice, setNotice] = useState<string>();
  const groups = useLoad(
    async () =>
      ok(await api.GET('/groups', { params: { query: { limit: 100 } } })).items.flatMap((g) =>
        'name' in g ? [g] : [],
      ),
    [api],
  );
  const says = (text: string) => {
    setNotice(text);
    void groups.reload();
  };

  return (
    <>
      <h1>Groups</h1>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={groups.error} />
      {groups.data && (
        <table className="tickets">
          <caption>Assignment groups</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Manager</th>
              <th scope="col">Escalates to</th>
              <th scope="col">Active</th>
            </tr>
          </thead>
          <tbody>
            {groups.data.map((g) => (
              <tr key={g.id} data-group={g.id}>
                <td>{g.id}</td>
                <td>
                  <Link to={`/admin/groups/${encodeURIComponent(g.id)}`}>{g.name}</Link>
                </td>
                <td>{g.manager.username}</td>
                <td>{g.escalationGroup ?? '—'}</td>
                <td>{g.active ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {groupId ? (
        <GroupDetail key={groupId} id={groupId} groups={groups.data ?? []} onChanged={says} />
      ) : (
        <CreateGroup groups={groups.data ?? []} onCreated={(g) => says(`Group “${g.name}” created.`)} />
      )}
    </>
  );
}

function EscalationSelect({
  groups,
  except,
  value,
  onChange,
  error,
}: {
  groups: readonly Group[];
  except?: string;
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  return (
    <Field label="Escalation group" error={error}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">None</option>
        {groups
          .filter((g) => g.active && g.id !== except)
          .map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
      </select>
    </Field>
  );
}

function CreateGroup({ groups, onCreated }: { groups: readonly Group[]; onCreated(group: Group): void }) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [manager, setManager] = useState<UserRef>();
  const [escalation, setEscalation] = useState('');
  const fields = fieldsOf(error);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    try {
      const created = ok(
        await api.POST('/groups', {
          body: {
            id: text('id'),
            name: text('name'),
            ...(text('description') ? { description: text('description') } : {}),
            // An empty manager is sent as is so the API names the field.
            manager: manager ?? ({} as UserRef),
            ...(escalation ? { escalationGroup: escalation } : {}),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      formElement.reset();
      setManager(undefined);
      setEscalation('');
      setError(undefined);
      onCreated(created);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="create-group-title">
      <h2 id="create-group-title">Create a group</h2>
      <ProblemAlert error={error} />
      <form className="form" onSubmit={submit} noValidate aria-label="Create a group">
        <div className="field-row">
          <Field label="Group id" hint="A slug, e.g. field-services" error={fields.id}>
            <input name="id" autoComplete="off" />
          </Field>
          <Field label="Group name" error={fields.name}>
            <input name="name" autoComplete="off" />
          </Field>
        </div>
        <Field label="Description" error={fields.description}>
          <textarea name="description" rows={2} />
        </Field>
        <PeoplePicker
          searchLabel="Find the manager"
          label="Manager"
          value={manager?.id ?? ''}
          error={fields.manager ?? fields['manager.id']}
          onChange={setManager}
        />
        <EscalationSelect groups={groups} value={escalation} onChange={setEscalation} error={fields.escalationGroup} />
        <button type="submit">Create group</button>
      </form>
    </section>
  );
}

function GroupDetail({
  id,
  groups,
  onChanged,
}: {
  id: string;
  groups: readonly Group[];
  onChanged(notice: string): void;
}) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const group = useLoad(async () => {
    const result = await api.GET('/groups/{id}', { params: { path: { id } } });
    return { ...ok(result), etag: etagOf(result.response) };
  }, [api, id]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [manager, setManager] = useState<UserRef>();
  const [escalation, setEscalation] = useState('');
  useEffect(() => {
    if (!group.data) return;
    setName(group.data.name);
    setDescription(group.data.description ?? '');
    setManager(group.data.manager);
    setEscalation(group.data.escalationGroup ?? '');
  }, [group.data]);
  const fields = fieldsOf(error);

  async function update(
    body: {
      name?: string;
      description?: string | null;
      manager?: UserRef;
      escalationGroup?: string | null;
      active?: boolean;
    },
    notice: string,
  ) {
    if (!group.data) return;
    try {
      ok(
        await api.PATCH('/groups/{id}', {
          params: { path: { id }, header: { 'If-Match': group.data.etag } },
          body,
        }),
      );
      setError(undefined);
      onChanged(notice);
    } catch (e) {
      setError(e);
    }
    await group.reload();
  }

  if (!group.data) return <ProblemAlert error={group.error} />;
  const current = group.data;
  return (
    <section aria-labelledby="group-title">
      <h2 id="group-title">{current.name}</h2>
      <ProblemAlert error={error} />
      <form
        className="form"
        noValidate
        aria-label="Edit the group"
        onSubmit={(e) => {
          e.preventDefault();
          void update(
            {
              name,
              description: description.trim() ? description : null,
              ...(manager ? { manager } : {}),
              escalationGroup: escalation || null,
            },
            `Group “${name}” saved.`,
          );
        }}
      >
        <Field label="Group name" error={fields.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <Field label="Description" error={fields.description}>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </Field>
        <PeoplePicker
          searchLabel="Find the manager"
          label="Manager"
          value={manager?.id ?? ''}
          current={current.manager}
          error={fields.manager}
          onChange={setManager}
        />
        <EscalationSelect
          groups={groups}
          except={id}
          value={escalation}
          onChange={setEscalation}
          error={fields.escalationGroup}
        />
        <div className="actions">
          <button type="submit">Save group</button>
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              void update(
                { active: !current.active },
                current.active ? `Group “${current.name}” retired.` : `Group “${current.name}” reactivated.`,
              )
            }
          >
            {current.active ? 'Retire group' : 'Reactivate group'}
          </button>
        </div>
      </form>
      <Members groupId={id} groupName={current.name} />
    </section>
  );
}

function Members({ groupId, groupName }: { groupId: string; groupName: string }) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [person, setPerson] = useState<UserRef>();
  const members = useLoad(
    async () =>
      ok(await api.GET('/groups/{id}/members', { params: { path: { id: groupId }, query: { limit: 100 } } })).items,
    [api, groupId],
  );
  const fields = fieldsOf(error);

  async function add(event: FormEvent) {
    event.preventDefault();
    try {
      ok(
        await api.POST('/groups/{id}/members', {
          params: { path: { id: groupId } },
          body: { userId: person?.id ?? '', username: person?.username ?? '' },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      setError(undefined);
      setNotice(`${person?.username} added to ${groupName}.`);
      setPerson(undefined);
    } catch (e) {
      setError(e);
    }
    await members.reload();
  }
  async function remove(member: UserRef) {
    try {
      await api.DELETE('/groups/{id}/members/{userId}', { params: { path: { id: groupId, userId: member.id } } });
      setError(undefined);
      setNotice(`${member.username} removed from ${groupName}.`);
    } catch (e) {
      setError(e);
    }
    await members.reload();
  }

  return (
    <section aria-labelledby="members-title">
      <h3 id="members-title">Members</h3>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? members.error} />
      {members.data && (
        <table className="tickets">
          <caption>Members of {groupName}</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Added</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <tr key={m.user.id} data-member={m.user.username}>
                <td>{m.user.username}</td>
                <td>{formatDateTime(m.addedAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Remove ${m.user.username}`}
                    onClick={() => void remove(m.user)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form" onSubmit={add} noValidate aria-label="Add a member">
        <PeoplePicker
          searchLabel="Find a person to add"
          label="Person to add"
          value={person?.id ?? ''}
          error={fields.userId ?? fields.username}
          onChange={setPerson}
        />
        <button type="submit">Add member</button>
      </form>
    </section>
  );
}
