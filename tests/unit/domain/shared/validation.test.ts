import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commentSchema,
  createIncidentSchema,
  listIncidentsSchema,
  updateIncidentSchema,
} from '../../../../functions/domain/incidents/commands';
import { ValidationError } from '../../../../functions/domain/shared/errors';
import { parseWith } from '../../../../functions/domain/shared/validation';

function refusal(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseWith', () => {
  it('returns the parsed value, trimmed, when the input is valid', () => {
    const cmd = parseWith(createIncidentSchema, {
      title: '  VPN drops every hour ',
      description: 'Since Monday.',
      impact: 2,
      urgency: 1,
    });
    expect(cmd).toEqual({ title: 'VPN drops every hour', description: 'Since Monday.', impact: 2, urgency: 1 });
  });

  it('names each bad field once, and each unknown field by its own path', () => {
    // Act
    const error = refusal(() =>
      parseWith(createIncidentSchema, { title: '   ', impact: 4, urgency: '1', priority: 'P1', colour: 'red' }),
    );
    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors.map((e) => e.path).sort()).toEqual(
      ['colour', 'description', 'impact', 'priority', 'title', 'urgency'].sort(),
    );
    expect(error.errors.find((e) => e.path === 'colour')?.message).toBe('Unknown field');
    expect(error.errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('names the whole body when it is not an object', () => {
    for (const input of [undefined, null, 'text', 42, []]) {
      expect(refusal(() => parseWith(updateIncidentSchema, input)).errors).toEqual([
        { path: '(body)', message: expect.any(String) },
      ]);
    }
  });

  it('prefixes paths when told where the input came from', () => {
    const error = refusal(() => parseWith(commentSchema, { body: '', extra: 1 }, 'comment'));
    expect(error.errors.map((e) => e.path).sort()).toEqual(['comment.body', 'comment.extra']);
  });

  it('reports a JSON key named __proto__ as unknown rather than letting it through', () => {
    const error = refusal(() => parseWith(updateIncidentSchema, JSON.parse('{"__proto__": {"status": "closed"}}')));
    expect(error.errors).toEqual([{ path: '__proto__', message: 'Unknown field' }]);
  });

  it('never throws anything but a ValidationError, whatever JSON arrives', () => {
    const schemas = [createIncidentSchema, updateIncidentSchema, commentSchema, listIncidentsSchema];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.jsonValue(), (schema, input) => {
        try {
          parseWith(schema, input);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a ValidationError for objects shaped almost like an update', () => {
    const nearUpdate = fc.record(
      {
        title: fc.jsonValue(),
        impact: fc.oneof(fc.integer(), fc.double(), fc.string()),
        status: fc.oneof(fc.constantFrom('new', 'closed', 'open', 'CLOSED'), fc.string()),
        assignee: fc.oneof(fc.constant(null), fc.string()),
        holdReason: fc.string(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(nearUpdate, (input) => {
        try {
          const changes = parseWith(updateIncidentSchema, input);
          expect(Object.keys(changes).every((k) => k in input)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
  });
});

describe('text fields', () => {
  it('refuse C0, DEL and C1 control characters (U+0080–U+009F) but keep tabs, line breaks and Latin-1 text', () => {
    const title = (t: string) => () =>
      parseWith(createIncidentSchema, { title: t, description: 'd', impact: 2, urgency: 2 });
    for (const bad of ['\u0007', '\u007f', '\u0080', '\u0085', '\u009b', '\u009f']) {
      expect(refusal(title(`Printer ${bad} jam`)).errors, JSON.stringify(bad)).toContainEqual(
        expect.objectContaining({ path: 'title' }),
      );
    }
    for (const good of ['Caf\u00e9 \u00a0 printer', 'Tab\there', 'Line\nbreak', 'Stra\u00dfe']) {
      expect(title(good)(), JSON.stringify(good)).toMatchObject({ impact: 2 });
    }
  });
});
