// `npm test`: every *.test.ts under src/, test/ and eval/, run by node's test runner through tsx.
// tsx on Node 20 does not discover test files itself, so we list them; and a run in which
// zero tests executed is a failure, not a silent pass.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function find(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = [...find('src'), ...find('test'), ...find('eval')].sort();
if (filter.length > 0) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The runner's summary (ℹ tests / pass / fail) comes before its list of failures, which may be
// long: the summary lines are picked from the stream as they pass, not from a tail of it.
const summary = new Map<string, number>();
let partial = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  const lines = (partial + chunk.toString('utf8')).split('\n');
  partial = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^ℹ (tests|pass|fail) (\d+)\s*$/.exec(line);
    if (m) summary.set(m[1]!, Number(m[2]));
  }
});
child.on('close', (code) => {
  const count = (label: string) => summary.get(label) ?? Number.NaN;
  const pass = count('pass');
  const fail = count('fail');
  const tests = count('tests');
  if (!(tests > 0)) {
    console.error(`\nno tests ran (tests=${tests}): failing the run`);
    process.exit(1);
  }
  console.log(`\n${pass} passed, ${fail} failed`);
  process.exit(code === 0 && fail === 0 ? 0 : 1);
});
