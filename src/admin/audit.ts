/**
 * Who did what in the console. Each action an admin takes (a refund, fulfilment run again, an
 * export) is written twice: a log line `admin.<action>` with the admin's Access user id (logs
 * carry no email, staff's included), and a row of the audit trail in D1
 * (src/ledger/admin-actions.ts) with their email, which outlives the logs and which the console
 * shows (GET /admin/api/activity). Requests refused before any action (a bad body, another
 * origin, no sign-in) are only in the request's own log line.
 */
import type { Context } from 'hono';
import {
  recordAdminAction,
  type ActionDetails,
  type AdminActionName,
} from '../ledger/admin-actions';
import { log } from '../log';
import type { AppEnv } from '../types';

/** Details of an action (undefined ones are left out). */
type Details = Record<string, string | number | boolean | null | undefined>;

/** What an action came to, and its details. */
export interface ActionOutcome {
  orderId?: string;
  outcome: string;
  /** Logged and recorded. */
  details?: Details;
  /** Recorded in the trail only: what may name a customer (logs carry no personal data). */
  unlogged?: Details;
}

const defined = (details: Details) =>
  Object.fromEntries(
    Object.entries(details).filter(([, value]) => value !== undefined),
  ) as ActionDetails;

/**
 * Logs and records an action of the signed-in admin. False when the trail could not be written
 * (logged as an error): the caller decides whether the action may go on without it.
 */
export async function audit(
  c: Context<AppEnv>,
  action: AdminActionName,
  { orderId, outcome, details = {}, unlogged = {} }: ActionOutcome,
): Promise<boolean> {
  const admin = c.get('adminId');
  const kept = defined(details);
  log('info', `admin.${action}`, { admin, order_id: orderId, outcome, ...kept });
  try {
    await recordAdminAction(c.env.DB, {
      admin: c.get('adminEmail'),
      action,
      orderId: orderId ?? null,
      outcome,
      details: { ...kept, ...defined(unlogged) },
      requestId: c.get('requestId'),
    });
    return true;
  } catch (error) {
    log('error', 'admin.audit_failed', { admin, action, order_id: orderId, error: String(error) });
    return false;
  }
}
