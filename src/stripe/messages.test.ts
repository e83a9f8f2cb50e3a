import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../i18n';
import { MESSAGES, declineKey, declineMessage, keyOfEnglish, publicDeclineCode } from './messages';

describe('declineMessage', () => {
  it('explains each decline and says the customer was not charged', () => {
    for (const [code, decline] of [
      ['card_declined', 'insufficient_funds'],
      ['expired_card', null],
      ['incorrect_cvc', null],
      ['processing_error', null],
      ['payment_intent_authentication_failure', null],
      ['something_new', null],
    ] as const) {
      expect(declineMessage(code, decline)).toMatch(/not been charged/i);
    }
    expect(declineMessage('card_declined', 'insufficient_funds')).toContain('insufficient funds');
    expect(declineMessage('expired_card')).toContain('expired');
  });

  it('tells card testers nothing about lost, stolen or fraud declines', () => {
    const generic = declineMessage('card_declined', 'generic_decline');
    for (const reason of [
      'lost_card',
      'stolen_card',
      'fraudulent',
      'pickup_card',
      'restricted_card',
    ]) {
      expect(declineMessage('card_declined', reason)).toBe(generic);
      expect(publicDeclineCode(reason)).toBe('generic_decline');
    }
    expect(publicDeclineCode('insufficient_funds')).toBe('insufficient_funds');
    expect(publicDeclineCode(null)).toBeUndefined();
  });

  it('claims "not charged" only where that is certain', () => {
    expect(ENGLISH.t(MESSAGES.unknown)).not.toMatch(/not been charged/);
    expect(ENGLISH.t(MESSAGES.internal)).not.toMatch(/not been charged/);
    expect(ENGLISH.t(MESSAGES.unavailable)).toMatch(/not been charged/);
  });

  it("is the catalogue's message, kept in English for the ledger and found again from it", () => {
    expect(declineKey('card_declined', 'insufficient_funds')).toBe('decline.insufficient_funds');
    expect(declineKey('card_declined', 'do_not_honor')).toBe('decline.generic_decline');
    expect(declineKey('something_new')).toBe('decline.other');
    const kept = declineMessage('card_declined', 'insufficient_funds');
    expect(kept).toBe(ENGLISH.t('decline.insufficient_funds'));
    expect(keyOfEnglish(kept)).toBe('decline.insufficient_funds');
    expect(keyOfEnglish('Some text of an older version')).toBeUndefined();
  });
});
