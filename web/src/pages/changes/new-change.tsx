import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { localInputToIso, parseCis, plusMinutes } from '../../lib/change-form';
import { isAgent, useSession } from '../../session';
import { PeoplePicker } from '../admin/people-picker';

type Kind = 'normal' | 'emergency' | 'standard';
type PersonRef = { id: string; username: string };

/**
 * Raise a change (RFC): a normal or emergency change with its plans, window, affected services and CIs; or a standard
 * change from a pre-approved template (the template fills the plans; the requester picks the window).
 */
export default function NewChange() {
  const { api, me } = useSession();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Kind>('normal');
  const [templateId, setTemplateId] = useState('');
  const [implementer, setImplementer] = useState<PersonRef>();
  const [manager, setManager] = useState<PersonRef>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The people directory and the groups are readable by agents and admins; others leave implementer and manager to
  // the change manager.
  const canPick = isAgent(me);
  const pickers = useLoad(async () => {
    const [services, templates, managers] = await Promise.all([
      api.GET('/services', { params: { query: { limit: 100 } } }),
      api.GET('/change-templates', { params: { query: { limit: 100 } } }),
      // Only members of change-managers may manage a change (the API refuses anyone else, 422 naming the field).
      canPick
        ? api.GET('/groups/{id}/members', { params: { path: { id: 'change-managers' }, query: { limit: 100 } } })
        : undefined,
    ]);
    return {
      services: ok(services).items.filter((s) => s.active),
      templates: ok(templates).items.filter((t) => t.active),
      managers: managers
        ? ok(managers)
            .items.map((m) => m.user)
            .sort((a, b) => a.username.localeCompare(b.username))
        : [],
    };
  }, [api, canPick]);
  const template = pickers.data?.templates.find((t) => t.id === templateId);
  const fields = fieldsOf(error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const plannedStart = localInputToIso(text('plannedStart'));
    let plannedEnd = localInputToIso(text('plannedEnd'));
    if (kind === 'standard' && template && plannedStart && !plannedEnd)
      plannedEnd = plusMinutes(plannedStart, template.defaultDurationMinutes);
    const services = form.getAll('services').map((id) => ({ id: String(id) }));
    const body =
      kind === 'standard'
        ? {
            type: kind,
            templateId,
            title: text('title') || template?.title || '',
            description: text('description') || template?.description || '',
            implementationPlan: template?.implementationPlan ?? '',
            backoutPlan: template?.backoutPlan ?? '',
            testPlan: template?.testPlan ?? '',
            services: services.length
              ? services
              : (template?.services ?? []).filter((s) => s.id).map((s) => ({ id: s.id as string })),
            cis: text('cis') ? parseCis(text('cis')) : (template?.cis ?? []).map((c) => ({ name: c.name })),
          }
        : {
            type: kind,
            title: text('title'),
            description: text('description'),
            implementationPlan: text('implementationPlan'),
            backoutPlan: text('backoutPlan'),
            testPlan: text('testPlan'),
            services,
            cis: parseCis(text('cis')),
          };
    setBusy(true);
    try {
      const created = ok(
        await api.POST('/changes', {
          body: {
            ...body,
            ...(plannedStart ? { plannedStart } : {}),
            ...(plannedEnd ? { plannedEnd } : {}),
            ...(implementer ? { implementerId: implementer.id } : {}),
            ...(manager ? { changeManagerId: manager.id } : {}),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      navigate(`/changes/${created.number}`, { state: { created: true } });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <>
      <h1>New change</h1>
      <ProblemAlert error={error ?? pickers.error} />
      <form className="form" onSubmit={submit} noValidate aria-label="New change">
        <fieldset className="choices">
          <legend>Type of change</legend>
          {(
            [
              ['normal', 'Normal', 'Assessed for risk, then authorised by the change manager or the CAB.'],
              ['emergency', 'Emergency', 'Must happen now: authorised by the emergency CAB.'],
              ['standard', 'Standard (from a template)', 'Pre-approved: scheduled without CAB.'],
            ] as const
          ).map(([value, label, hint]) => (
            <label key={value} className="choice">
              <input type="radio" name="type" value={value} checked={kind === value} onChange={() => setKind(value)} />{' '}
              <span>
                <strong>{label}</strong> <span className="muted">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {fields.type && <p className="field-error">{fields.type}</p>}

        {kind === 'standard' && (
          <Field label="Template" error={fields.templateId} hint="The pre-approved change to carry out.">
            <select value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">Choose…</option>
              {pickers.data?.templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'standard' && template && (
          <section className="panel" aria-label="What the template does">
            <p>{template.description}</p>
            <p className="muted">Default duration: {template.defaultDurationMinutes} minutes.</p>
          </section>
        )}

        <Field
          label="Title"
          error={fields.title}
          hint={kind === 'standard' ? 'Leave empty to use the template’s title.' : 'One line: what changes?'}
        >
          <input name="title" maxLength={200} autoComplete="off" key={`title-${templateId}`} />
        </Field>
        <Field label="Description" error={fields.description} hint="Why, and what the business gains.">
          <textarea name="description" rows={4} />
        </Field>
        {kind !== 'standard' && (
          <>
            <Field label="Implementation plan" error={fields.implementationPlan}>
              <textarea name="implementationPlan" rows={4} />
            </Field>
            <Field label="Backout plan" error={fields.backoutPlan} hint="How to put things back if it goes wrong.">
              <textarea name="backoutPlan" rows={3} />
            </Field>
            <Field label="Test plan" error={fields.testPlan} hint="How you will know it worked.">
              <textarea name="testPlan" rows={3} />
            </Field>
          </>
        )}
        <div className="field-row">
          <Field label="Planned start" error={fields.plannedStart} hint="Your local time.">
            <input type="datetime-local" name="plannedStart" />
          </Field>
          <Field
            label="Planned end"
            error={fields.plannedEnd}
            hint={kind === 'standard' ? 'Empty: the template’s default duration.' : 'At most 14 days after the start.'}
          >
            <input type="datetime-local" name="plannedEnd" />
          </Field>
        </div>
        <fieldset className="choices">
          <legend>Affected services</legend>
          {pickers.data?.services.length === 0 && <p className="muted">No services defined.</p>}
          {pickers.data?.services.map((s) => (
            <label key={s.id} className="checkbox">
              <input type="checkbox" name="services" value={s.id} /> {s.name}
            </label>
          ))}
        </fieldset>
        {fields.services && <p className="field-error">{fields.services}</p>}
        <Field
          label="Configuration items"
          error={fields.cis}
          hint="Free text until the CMDB exists: one per line (e.g. db-prod-01)."
        >
          <textarea name="cis" rows={2} />
        </Field>
        {canPick && (
          <>
            <PeoplePicker
              searchLabel="Find the implementer"
              label="Implementer"
              value={implementer?.id ?? ''}
              error={fields.implementerId}
              onChange={setImplementer}
            />
            <Field
              label="Change manager"
              error={fields.changeManagerId}
              hint="A member of the Change Managers group runs the change."
            >
              <select
                value={manager?.id ?? ''}
                onChange={(e) => {
                  const person = pickers.data?.managers.find((p) => p.id === e.target.value);
                  setManager(person && { id: person.id, username: person.username });
                }}
                data-count={pickers.data?.managers.length ?? 0}
              >
                <option value="">Choose…</option>
                {pickers.data?.managers.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.username}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Raising…' : 'Raise change'}
        </button>
      </form>
    </>
  );
}
