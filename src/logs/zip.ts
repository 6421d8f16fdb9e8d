// Reads the run-logs archive GitHub serves (`GET .../actions/runs/{id}/logs`): one `N_job.txt`
// per job at the top, and per-step files in job folders. Entries are inflated on demand, so a
// large archive is never held in memory.
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { InputError, type JobInput } from './types.js';

const JOB_FILE = /^(\d+)_(.+)\.txt$/;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip) reject(new InputError(`${path}: not a readable zip archive (${err?.message ?? 'unknown error'})`));
      else resolve(zip);
    });
  });
}

async function listEntries(path: string): Promise<Entry[]> {
  const zip = await openZip(path);
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (e: Error) => reject(new InputError(`${path}: ${e.message}`)));
    zip.readEntry();
  });
  zip.close();
  return entries;
}

function entrySource(path: string, names: string[]): () => AsyncIterable<Buffer> {
  return async function* () {
    const zip = await openZip(path);
    try {
      const wanted = new Set(names);
      const byName = new Map<string, Entry>();
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: Entry) => {
          if (wanted.has(e.fileName)) byName.set(e.fileName, e);
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', reject);
        zip.readEntry();
      });
      for (const name of names) {
        const entry = byName.get(name);
        if (!entry) continue;
        const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
          zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))),
        );
        for await (const chunk of stream) yield chunk as Buffer;
      }
    } finally {
      zip.close();
    }
  };
}

export async function zipJobs(path: string): Promise<JobInput[]> {
  const entries = (await listEntries(path)).filter((e) => !e.fileName.endsWith('/'));
  const top = entries.filter((e) => !e.fileName.includes('/') && JOB_FILE.test(e.fileName));
  if (top.length > 0) {
    return top
      .sort((a, b) => Number(JOB_FILE.exec(a.fileName)![1]) - Number(JOB_FILE.exec(b.fileName)![1]))
      .map((e) => ({ name: JOB_FILE.exec(e.fileName)![2]!, open: entrySource(path, [e.fileName]) }));
  }
  const byJob = new Map<string, string[]>();
  for (const e of entries) {
    const [dir, file] = e.fileName.split('/');
    if (!dir || !file || !JOB_FILE.test(file)) continue;
    byJob.set(dir, [...(byJob.get(dir) ?? []), e.fileName]);
  }
  if (byJob.size === 0) throw new InputError(`${path}: the archive holds no job log (expected N_job.txt entries)`);
  const num = (n: string) => Number(JOB_FILE.exec(n.split('/')[1]!)![1]);
  return [...byJob.entries()].map(([name, files]) => ({ name, open: entrySource(path, files.sort((a, b) => num(a) - num(b))) }));
}
