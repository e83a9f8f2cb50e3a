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
  it("names a Worker's runtime and the Node process serving it after their root", () => {
    expect(roleOf('checkout', 'workerd')).toBe('checkout workerd (Worker, bindings)');
    expect(roleOf('simulator', 'node')).toBe('simulator Miniflare (Node)');
  });

  it('names any other process by its command', () => {
    expect(roleOf('simulator', 'llvm-symbolizer')).toBe('simulator llvm-symbolizer');
  });
});
