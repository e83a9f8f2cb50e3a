// The export's default days (client/admin/days.ts): the admin's calendar date, not UTC's.
import { describe, expect, it } from 'vitest';

// Typed for the browser (client/tsconfig.json): loaded by a path the Worker's types skip.
const path = '../../client/admin/days';
const { localDay } = (await import(/* @vite-ignore */ path)) as {
  localDay: (at: number, offset: number) => string;
};

describe("the export's default days", () => {
  it("are the admin's calendar days, not UTC's", () => {
    // 17:00 on 1 December in California (UTC−8) is already 2 December in UTC: the console's
    // toISOString() gave the admin a default "To" of tomorrow.
    expect(localDay(Date.parse('2026-12-02T01:00:00Z'), 480)).toBe('2026-12-01');
    // 08:30 on 2 December in Tokyo (UTC+9) is still 1 December in UTC.
    expect(localDay(Date.parse('2026-12-01T23:30:00Z'), -540)).toBe('2026-12-02');
    expect(localDay(Date.parse('2026-12-01T12:00:00Z'), 0)).toBe('2026-12-01');
  });
});
