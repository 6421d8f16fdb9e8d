// Turns what a user points the CLI at into job logs: a job log file, a folder as the run-logs
// zip unpacks (`N_job.txt` files, or job folders of `N_step.txt` files), a labeled case folder
// (`job.txt`, `last-success.txt`, `run.json`), or the run-logs `.zip` itself.
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { JobMeta } from '../analysis/types.js';
import { looksBinary } from '../analysis/clean.js';
import { zipJobs } from './zip.js';
import { InputError, type JobInput } from './types.js';

export { InputError, type JobInput } from './types.js';

const JOB_FILE = /^(\d+)_(.+)\.txt$/;
const META_FILES = ['run.json', 'job.json', 'meta.json'];

function fileSource(path: string): () => AsyncIterable<Buffer> {
  return () => createReadStream(path, { highWaterMark: 1 << 16 });
}

/** Several files read one after the other, as one log (a job's per-step files). */
function concatSource(paths: string[]): () => AsyncIterable<Buffer> {
  return async function* () {
    for (const p of paths) yield* createReadStream(p, { highWaterMark: 1 << 16 });
  };
}

async function statInput(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: cannot read (${code})`);
  }
}

async function checkTextFile(path: string): Promise<void> {
  const info = await statInput(path);
  if (info.size === 0) throw new InputError(`${path}: the file is empty`);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (looksBinary(buf.subarray(0, bytesRead).toString('utf8'))) throw new InputError(`${path}: binary data, not a job log`);
  } finally {
    await fh.close();
  }
}

async function readMeta(dir: string): Promise<JobMeta | undefined> {
  for (const f of META_FILES) {
    try {
      const raw = JSON.parse(await readFile(join(dir, f), 'utf8')) as Record<string, unknown>;
      const run = (raw.run as Record<string, unknown> | undefined) ?? raw;
      return {
        job_name: (run.job_name as string | undefined) ?? (run.name as string | undefined) ?? null,
        failed_step: (run.failed_step as string | undefined) ?? null,
        steps: Array.isArray(run.steps) ? (run.steps as JobMeta['steps']) : undefined,
        run_id: (run.run_id as string | undefined) ?? null,
        workflow_name: (run.workflow_name as string | undefined) ?? null,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new InputError(`${join(dir, f)}: not valid JSON (${(err as Error).message})`);
    }
  }
  return undefined;
}

async function dirJobs(dir: string): Promise<JobInput[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  if (names.has('job.txt')) {
    await checkTextFile(join(dir, 'job.txt'));
    const job: JobInput = { name: basename(dir), open: fileSource(join(dir, 'job.txt')), meta: await readMeta(dir) };
    if (names.has('last-success.txt')) job.baseline = fileSource(join(dir, 'last-success.txt'));
    return [job];
  }
  const numbered = entries.filter((e) => e.isFile() && JOB_FILE.test(e.name)).sort((a, b) => jobNumber(a.name) - jobNumber(b.name));
  if (numbered.length > 0) {
    return numbered.map((e) => ({ name: JOB_FILE.exec(e.name)![2]!, open: fileSource(join(dir, e.name)) }));
  }
  const jobDirs = entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name));
  const jobs: JobInput[] = [];
  for (const d of jobDirs) {
    const steps = (await readdir(join(dir, d.name))).filter((f) => JOB_FILE.test(f)).sort((a, b) => jobNumber(a) - jobNumber(b));
    if (steps.length > 0) jobs.push({ name: d.name, open: concatSource(steps.map((s) => join(dir, d.name, s))) });
  }
  if (jobs.length > 0) return jobs;
  const logs = entries.filter((e) => e.isFile() && /\.(?:txt|log)$/.test(e.name) && e.name !== 'last-success.txt');
  if (logs.length === 0) throw new InputError(`${dir}: no job log found (expected job.txt, N_job.txt files, job folders or *.log files)`);
  return logs.map((e) => ({ name: basename(e.name, extname(e.name)), open: fileSource(join(dir, e.name)) }));
}

function jobNumber(name: string): number {
  return Number(JOB_FILE.exec(name)?.[1] ?? 0);
}

export async function resolveInput(path: string): Promise<JobInput[]> {
  const info = await statInput(path);
  if (info.isDirectory()) return dirJobs(path);
  if (extname(path).toLowerCase() === '.zip') return zipJobs(path);
  await checkTextFile(path);
  const dir = join(path, '..');
  const name = basename(path) === 'job.txt' ? basename(dir) : basename(path, extname(path)).replace(/^\d+_/, '');
  const job: JobInput = { name, open: fileSource(path) };
  if (basename(path) === 'job.txt') {
    job.meta = await readMeta(dir);
    const ls = join(dir, 'last-success.txt');
    if (await stat(ls).then(() => true, () => false)) job.baseline = fileSource(ls);
  }
  return [job];
}

export function baselineFromFile(path: string): () => AsyncIterable<Buffer> {
  return fileSource(path);
}
