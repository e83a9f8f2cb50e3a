// Dates as the admin's calendar has them, for the export's fields.

/**
 * The admin's calendar day (YYYY-MM-DD) at an instant, from the time zone's offset then
 * (`Date#getTimezoneOffset`: minutes behind UTC, 480 in California): not UTC's day.
 * @param at milliseconds since the epoch
 * @param offset minutes the admin's time zone is behind UTC at `at`
 */
export const localDay = (at: number, offset: number): string =>
  new Date(at - offset * 60_000).toISOString().slice(0, 10);
