import { type FormEvent, useState } from 'react';
import type { RiskQuestionInput, RiskQuestionView } from '../../api/changes';
import { ok } from '../../api/client';
import { Field } from '../../components/field';
import { fieldsOf, ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { answerSlug } from '../../lib/change-form';
import { useSession } from '../../session';

interface AnswerDraft {
  readonly key: string;
  readonly id?: string;
  text: string;
  weight: string;
}

let keys = 0;
const draft = (a?: { id: string; text: string; weight: number }): AnswerDraft => ({
  key: `a${++keys}`,
  id: a?.id,
  text: a?.text ?? '',
  weight: a ? String(a.weight) : '0',
});

/** Each answer keeps its id; a new one gets a slug of its text, unique within the question. */
function withAnswerIds(list: readonly AnswerDraft[]): { id: string; text: string; weight: string }[] {
  const taken = new Set(list.flatMap((a) => (a.id ? [a.id] : [])));
  return list.map((a) => {
    if (a.id) return { id: a.id, text: a.text, weight: a.weight };
    const id = answerSlug(a.text, taken);
    taken.add(id);
    return { id, text: a.text, weight: a.weight };
  });
}

/**
 * Admins: the risk questionnaire: questions in order, each with answers and their weights (a change's score is the sum
 * of its answers' weights; the level thresholds are the server's). Create, edit (If-Match), retire.
 */
export default function RiskQuestions() {
  const { api } = useSession();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<RiskQuestionView>();
  const questions = useLoad(
    async () =>
      ok(
        await api.GET('/change-risk-questions', {
          params: { query: { limit: 100 } },
        }),
      ).items.toSorted((a, b) => a.order - b.order),
    [api],
  );

  async function save(
    body: Partial<RiskQuestionInput> & { active?: boolean },
    existing: RiskQuestionView | undefined,
    said: string,
  ) {
    try {
      if (existing) {
        // The version shown: if someone changed the question meanwhile, the API answers 412.
        ok(
          await api.PATCH('/change-risk-questions/{id}', {
            params: { path: { id: existing.id }, header: { 'If-Match': `"${existing.version}"` } },
            body,
          }),
        );
      } else {
        ok(
          await api.POST('/change-risk-questions', {
            body: body as RiskQuestionInput,
            headers: { 'Idempotency-Key': crypto.randomUUID() },
          }),
        );
      }
      setError(undefined);
      setEditing(undefined);
      setNotice(said);
      await questions.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  }

  return (
    <>
      <h1>Risk questions</h1>
      <p className="muted">
        Each normal change answers these questions; the score is the sum of the chosen answers’ weights and gives the
        risk level, which chooses who authorises the change.
      </p>
      <div aria-live="polite">{notice && <p className="alert alert-ok">{notice}</p>}</div>
      <ProblemAlert error={error ?? questions.error} />
      {questions.data && (
        <ol className="questions">
          {questions.data.map((q) => (
            <li key={q.id} data-question={q.text} className={q.active ? undefined : 'retired'}>
              <strong>{q.text}</strong> {q.active ? '' : '(retired)'}
              <ul>
                {q.answers.map((a) => (
                  <li key={a.id}>
                    {a.text} — weight {a.weight}
                  </li>
                ))}
              </ul>
              <div className="actions">
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`Edit “${q.text}”`}
                  onClick={() => setEditing(q)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`${q.active ? 'Retire' : 'Reactivate'} “${q.text}”`}
                  onClick={() =>
                    void save({ active: !q.active }, q, `Question ${q.active ? 'retired' : 'reactivated'}.`)
                  }
                >
                  {q.active ? 'Retire' : 'Reactivate'}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {editing && (
        <QuestionForm
          key={editing.id}
          title="Edit the question"
          submitLabel="Save question"
          initial={editing}
          error={error}
          onSubmit={(body) => save(body, editing, 'Question saved.')}
          onCancel={() => setEditing(undefined)}
        />
      )}
      <QuestionForm
        title="Add a question"
        submitLabel="Add question"
        nextOrder={(questions.data?.reduce((m, q) => Math.max(m, q.order), 0) ?? 0) + 1}
        error={editing ? undefined : error}
        onSubmit={(body) => save(body, undefined, 'Question added.')}
      />
    </>
  );
}

function QuestionForm({
  title,
  submitLabel,
  initial,
  nextOrder = 1,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  initial?: RiskQuestionView;
  nextOrder?: number;
  error: unknown;
  onSubmit(body: RiskQuestionInput): Promise<boolean>;
  onCancel?(): void;
}) {
  const [text, setText] = useState(initial?.text ?? '');
  const [order, setOrder] = useState(String(initial?.order ?? ''));
  const [answers, setAnswers] = useState<AnswerDraft[]>(() =>
    initial ? initial.answers.map((a) => draft(a)) : [draft(), draft()],
  );
  const fields = fieldsOf(error);
  const headingId = initial ? `edit-question-${initial.id}` : 'add-question';
  const setAnswer = (key: string, change: Partial<AnswerDraft>) =>
    setAnswers((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      text: text.trim(),
      order: Number(order || nextOrder),
      answers: withAnswerIds(answers).map((a) => ({ id: a.id, text: a.text.trim(), weight: Number(a.weight) })),
    };
    if ((await onSubmit(body)) && !initial) {
      setText('');
      setOrder('');
      setAnswers([draft(), draft()]);
    }
  }
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <form className="form" noValidate onSubmit={submit} aria-label={title}>
        <div className="field-row">
          <Field label="Question" error={fields.text}>
            <input value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Order" error={fields.order} hint={`Position in the questionnaire (next: ${nextOrder}).`}>
            <input type="number" min={1} value={order} onChange={(e) => setOrder(e.target.value)} />
          </Field>
        </div>
        <fieldset className="choices">
          <legend>Answers and their weights</legend>
          {fields.answers && <p className="field-error">{fields.answers}</p>}
          {answers.map((a, i) => (
            <div key={a.key} className="field-row answer-row">
              <Field label={`Answer ${i + 1}`}>
                <input value={a.text} onChange={(e) => setAnswer(a.key, { text: e.target.value })} autoComplete="off" />
              </Field>
              <Field label={`Weight of answer ${i + 1}`}>
                <input
                  type="number"
                  min={0}
                  value={a.weight}
                  onChange={(e) => setAnswer(a.key, { weight: e.target.value })}
                />
              </Field>
              <button
                type="button"
                className="button-secondary"
                aria-label={`Remove answer ${i + 1}`}
                disabled={answers.length <= 1}
                onClick={() => setAnswers((list) => list.filter((x) => x.key !== a.key))}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button-secondary" onClick={() => setAnswers((list) => [...list, draft()])}>
            Add an answer
          </button>
        </fieldset>
        <div className="actions">
          <button type="submit">{submitLabel}</button>
          {onCancel && (
            <button type="button" className="button-secondary" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
