import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  id?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<
    string,
    {
      if?: string;
      needs?: string;
      outputs?: Record<string, string>;
      container?: string;
      steps: Step[];
    }
  >;
}

const read = (name: string) =>
  readFileSync(new URL(`../../.github/workflows/${name}`, import.meta.url), 'utf8');

/** The workflow as GitHub reads it (YAML 1.2: `on` stays a key); a syntax error fails. */
function workflow(name: string): Workflow {
  const document = parseDocument(read(name));
  expect(document.errors).toEqual([]);
  return document.toJS() as Workflow;
}

/** The commands .ci/run runs after its set-up (each `npm …` line). */
const ciRunCommands = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.startsWith('npm '));

describe('.github/workflows/ci.yml', () => {
  const ci = workflow('ci.yml');
  const steps = Object.values(ci.jobs).flatMap((job) => job.steps);
  const runs = steps.map((step) => step.run ?? '');

  it('runs on every push and pull request, on Debian with Node 20', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.jobs.check?.container).toMatch(/^node:20-bookworm/);
  });

  it("installs Debian's Chromium, then runs what .ci/run runs, in its order", () => {
    expect(runs.some((run) => /apt-get install .*\bchromium\b/.test(run))).toBe(true);
    expect(ciRunCommands).toEqual(['npm ci --no-audit --no-fund', 'npm run check', 'npm test']);
    const positions = ciRunCommands.map((command) => runs.indexOf(command));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('.github/workflows/deploy.yml', () => {
  const deploy = workflow('deploy.yml');
  const { configured, deploy: job } = deploy.jobs;
  const steps = job?.steps ?? [];

  it('runs after CI passes on a push to main, never for a pull request', () => {
    expect(deploy.on).toEqual({
      workflow_run: {
        workflows: [workflow('ci.yml').name],
        types: ['completed'],
        branches: ['main'],
      },
    });
    expect(configured?.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(configured?.if).toContain("github.event.workflow_run.event == 'push'");
    expect(configured?.if).toContain('head_repository.full_name == github.repository');
    expect(job).toMatchObject({
      needs: 'configured',
      if: "needs.configured.outputs.deploy == 'true'",
    });
  });

  it('skips the deploy with a notice when the repository has no CLOUDFLARE_API_TOKEN', () => {
    const [check] = configured?.steps ?? [];
    expect(check?.env).toEqual({ TOKEN_SET: "${{ secrets.CLOUDFLARE_API_TOKEN != '' }}" });
    expect(configured?.outputs).toEqual({ deploy: `\${{ steps.${check?.id}.outputs.deploy }}` });
    /** What the step answers for a secret set or not (as GitHub runs it: bash, GITHUB_OUTPUT). */
    const answer = (tokenSet: 'true' | 'false') => {
      const output = join(mkdtempSync(join(tmpdir(), 'deploy-')), 'output');
      const run = spawnSync('bash', ['-e', '-c', check?.run ?? 'false'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, TOKEN_SET: tokenSet, GITHUB_OUTPUT: output },
      });
      expect(run.status).toBe(0);
      return { output: readFileSync(output, 'utf8'), log: run.stdout };
    };
    expect(answer('true')).toEqual({ output: 'deploy=true\n', log: '' });
    const skipped = answer('false');
    expect(skipped.output).toBe('deploy=false\n');
    expect(skipped.log).toMatch(/^::notice title=Deploy skipped::No CLOUDFLARE_API_TOKEN/);
  });

  it('checks out the tested commit, applies the remote migrations, then deploys', () => {
    expect(steps[0]).toMatchObject({
      uses: 'actions/checkout@v4',
      with: { ref: '${{ github.event.workflow_run.head_sha }}' },
    });
    const wrangler = steps.filter((step) => step.uses?.startsWith('cloudflare/wrangler-action@'));
    expect(wrangler.map((step) => step.with?.command)).toEqual([
      'd1 migrations apply DB --remote',
      'deploy',
    ]);
    for (const step of wrangler)
      expect(step.with).toMatchObject({
        apiToken: '${{ secrets.CLOUDFLARE_API_TOKEN }}',
        accountId: '${{ secrets.CLOUDFLARE_ACCOUNT_ID }}',
      });
    expect(steps.findIndex((step) => step.run?.startsWith('npm ci'))).toBeLessThan(
      steps.indexOf(wrangler[0] as Step),
    );
  });

  it('leaves the Stripe secrets in Cloudflare', () => {
    expect(read('deploy.yml')).not.toMatch(/STRIPE_|whsec_|sk_(test|live)_/);
  });
});
