import { describe, expect, it } from 'vitest';
import {
  DISPUTED_REFUND,
  disputeBlocksRefund,
  disputeMark,
  disputeRefundWords,
} from './dispute.js';

describe('a dispute and a refund of its payment', () => {
  it('blocks it while charged back or lost (or unknown), not for an inquiry or once won', () => {
    const blocked = ['needs_response', 'under_review', 'lost', 'prevented', 'some_new_status'];
    expect(blocked.filter(disputeBlocksRefund)).toEqual(blocked);
    const open = ['warning_needs_response', 'warning_under_review', 'warning_closed', 'won'];
    expect(open.filter(disputeBlocksRefund)).toEqual([]);
  });

  it('says so in plain words', () => {
    expect(disputeRefundWords('needs_response')).toBe(DISPUTED_REFUND);
    expect(disputeRefundWords('warning_needs_response')).toMatch(
      /inquiry.*no money was taken.*can still refund/,
    );
    expect(disputeRefundWords('won')).toMatch(/won the dispute.*can refund/);
  });

  it('marks an inquiry in the list as one, not as a dispute', () => {
    expect(disputeMark('warning_needs_response')).toBe('Inquiry: needs your response');
    expect(disputeMark('needs_response')).toBe('Disputed: Needs your response');
  });
});
