import { type FormEvent, useState } from 'react';
import type { ChangeView } from '../../api/changes';
import { ok } from '../../api/client';
import { RiskBadge } from '../../components/change-table';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../components/use-load';
import { riskLevelLabel, riskLevelOf, riskScore } from '../../lib/change-workflow';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../session';
import type { ChangePatch } from './change-page';

/**
 * The risk questionnaire: the admin-defined questions (active ones, in order), one answer each. The score (sum of the
 * chosen answers' weights) shows as you answer; the level is the server's, from its thresholds, once saved.
 */
export function RiskPanel({
  change,
  editable,
  problem,
  update,
}: {
  change: ChangeView;
  editable: boolean;
  problem?: string;
  update(patch: ChangePatch): Promise<boolean>;
}) {
  const { api } = useSession();
  const questions = useLoad(
    async () =>
      ok(
        await api.GET('/change-risk-questions', {
          params: { query: { limit: 100 } },
        }),
      )
        .items.filter((q) => q.active)
        .sort((a, b) => a.order - b.order),
    [api],
  );
  const [chosen, setChosen] = useState<Record<string, string>>(() =>
    Object.fromEntries((change.risk?.answers ?? []).map((a) => [a.questionId, a.answerId])),
  );
  const [missing, setMissing] = useState<string>();
  const list = questions.data ?? [];
  const score = riskScore(list, chosen);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unanswered = list.filter((q) => !chosen[q.id]);
    if (unanswered.length) {
      setMissing(`Answer every question (${unanswered.length} left).`);
      return;
    }
    setMissing(undefined);
    await update({ riskAnswers: list.map((q) => ({ questionId: q.id, answerId: chosen[q.id] })) });
  }

  return (
    <section aria-labelledby="risk-title" className={problem ? 'panel panel-conflict' : 'panel'}>
      <h2 id="risk-title">Risk assessment</h2>
      {change.risk ? (
        <p data-testid="risk">
          Score <strong>{change.risk.score}</strong>, level <RiskBadge level={change.risk.level} /> — assessed by{' '}
          {change.risk.assessedBy.name ?? change.risk.assessedBy.username} on{' '}
          <time dateTime={change.risk.assessedAt}>{formatDateTime(change.risk.assessedAt)}</time>.
        </p>
      ) : (
        <p data-testid="risk">Not assessed yet.</p>
      )}
      {problem && <p className="field-error">{problem}</p>}
      <ProblemAlert error={questions.error} />
      {editable && list.length > 0 && (
        <form className="form" onSubmit={submit} noValidate aria-label="Risk questionnaire">
          {list.map((q) => (
            <fieldset key={q.id} className="choices" data-question={q.id}>
              <legend>{q.text}</legend>
              {q.answers.map((a) => (
                <label key={a.id} className="choice">
                  <input
                    type="radio"
                    name={`q-${q.id}`}
                    value={a.id}
                    checked={chosen[q.id] === a.id}
                    onChange={() => setChosen((c) => ({ ...c, [q.id]: a.id }))}
                  />{' '}
                  {a.text} <span className="muted">(weight {a.weight})</span>
                </label>
              ))}
            </fieldset>
          ))}
          <p aria-live="polite">
            Score so far: <strong data-testid="risk-score">{score}</strong> (level {riskLevelLabel(riskLevelOf(score))}{' '}
            if saved like this)
          </p>
          {missing && <p className="field-error">{missing}</p>}
          <button type="submit">Save the assessment</button>
        </form>
      )}
    </section>
  );
}
