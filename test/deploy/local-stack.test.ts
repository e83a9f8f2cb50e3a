/**
 * The local stack's start-up (scripts/local-stack.mjs), which the browser tests, the bench and the
 * screenshots stand on: a server counts as started only once it said it listens on its own port,
 * so a port another process took in between is never mistaken for it (the stack then starts again
 * on new ports), whatever that process answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort, waitFor, wranglerDev } from '../../scripts/local-stack.mjs';

const servers: Server[] = [];
const stops: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(stops.splice(0).map((stop) => stop()));
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/** Another process's server on a loopback port: it answers every request with a 404. */
async function foreignServer(): Promise<string> {
  const server = createServer((_request, response) => response.writeHead(404).end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The Access stand-in (the smallest Worker here) under `wrangler dev` on `url`. */
async function accessStandIn(url: string) {
  const inspector = String(await freePort());
  const server = wranglerDev(url, [
    '-c',
    'access-sim/wrangler.toml',
    '--inspector-port',
    inspector,
  ]);
  stops.push(() => {
    try {
      process.kill(-server.child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    return server.exited;
  });
  return server;
}

describe('waitFor', () => {
  it('does not take an answer on the port before the server says it listens there', async () => {
    const url = await foreignServer();
    let exit!: (why: string) => void;
    const exited = new Promise<string>((resolve) => (exit = resolve));
    const waiting = waitFor(url, 10_000, exited, () => false);
    setTimeout(() => exit('exited (code 1)'), 500);
    await expect(waiting).rejects.toThrow(`${url} did not answer: exited (code 1)`);
  });

  it('takes the first answer once the server says it listens', async () => {
    const url = await foreignServer();
    await expect(waitFor(url, 10_000, new Promise(() => {}), () => true)).resolves.toBeUndefined();
  });
});

describe('wranglerDev', () => {
  it('on a port another process took: exits, and is never taken as started', async () => {
    const url = await foreignServer();
    const server = await accessStandIn(url);
    await expect(
      waitFor(`${url}/cdn-cgi/access/certs`, 90_000, server.exited, server.listening),
    ).rejects.toThrow(/did not answer: exited/);
    expect(server.listening()).toBe(false);
    expect(server.tail.join('\n')).toMatch(/Address already in use/);
  }, 120_000);

  it.each([
    ['', {}],
    [' with colours forced (FORCE_COLOR)', { FORCE_COLOR: '1' }],
  ])(
    'on a free port%s: says it listens there, and answers',
    async (_, env) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const holder = await foreignServer();
      // The port just freed, as freePort() hands it out.
      await new Promise((resolve) => servers.pop()!.close(resolve));
      const server = await accessStandIn(holder);
      await waitFor(`${holder}/cdn-cgi/access/certs`, 90_000, server.exited, server.listening);
      expect(server.listening()).toBe(true);
      const certs = await fetch(`${holder}/cdn-cgi/access/certs`);
      expect(certs.status).toBe(200);
      expect(await certs.json()).toHaveProperty('keys');
    },
    120_000,
  );
});
