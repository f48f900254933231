import { describe, expect, it } from 'vitest';
import { bulkFilter } from '../../../../../functions/domain/email/screen/bulk';
import { parsedMail } from '../../../../support/parsed-mail';

describe('bulkFilter', () => {
  it.each([
    ['Precedence', 'bulk'],
    ['Precedence', 'junk'],
    ['Precedence', 'List'],
    ['List-Id', 'Team news <news.example.com>'],
    ['List-Unsubscribe', '<mailto:unsubscribe@example.com>'],
  ])('quarantines %s: %s', (name, value) => {
    expect(bulkFilter(parsedMail({ headers: { [name]: value } }), {})).toEqual({
      reason: 'bulk',
      detail: `${name}: ${value}`,
    });
  });

  it.each([
    ['Precedence', 'first-class'],
    ['Precedence', 'bulky'],
    ['X-List', 'whatever'],
  ])('passes %s: %s', (name, value) => {
    expect(bulkFilter(parsedMail({ headers: { [name]: value } }), {})).toBeUndefined();
  });
});
