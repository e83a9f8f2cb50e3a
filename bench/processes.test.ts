import { describe, expect, it } from 'vitest';
import { roleOf, statFields } from './processes.mjs';

describe('statFields', () => {
  it('reads the fields after a command name holding spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    const stat = '4242 (npm exec (wrangl) S 17 4242 4242 0 -1 4194560 900 0 0 0 250 31 0 0 20 0';
    const { comm, rest } = statFields(stat);
    expect(comm).toBe('npm exec (wrangl');
    expect(rest[0]).toBe('S');
    expect(Number(rest[1])).toBe(17);
    expect(Number(rest[11]) + Number(rest[12])).toBe(281);
  });
});

describe('roleOf', () => {
  it("tells wrangler dev's proxy from the Worker's own workerd by the port it listens on", () => {
    const args = (entry: string) =>
      `workerd serve --binary --experimental --socket-addr=entry=${entry} --control-fd=3 -`;
    expect(roleOf('checkout', 'workerd', args('127.0.0.1:0'))).toBe(
      'checkout workerd (Worker, bindings)',
    );
    expect(roleOf('checkout', 'workerd', args('127.0.0.1:38663'))).toBe(
      "checkout workerd (wrangler's proxy)",
    );
  });

  it("counts npx, its shell and wrangler's Node processes as wrangler, others by name", () => {
    for (const comm of ['node', 'npm exec wrangl', 'sh'])
      expect(roleOf('simulator', comm)).toBe('simulator wrangler');
    expect(roleOf('simulator', 'esbuild')).toBe('simulator esbuild');
  });
});
