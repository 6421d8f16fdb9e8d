// The file side of the lowdb store: on-disk format, loading with clear errors, and a write loop.
// lowdb/steno give us tmp-file + rename; this module adds what they lack for a store that makes
// promises ("claimed", "queued"): validation on load, no silent reset, compact JSON, and one
// JSON.stringify per batch of mutations instead of one per caller (stack.md §5: each stringify
// blocks the event loop).
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, Memory } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { ActionRecord, AuditEntry, FailureRecord, Job } from './types.js';

/** Bump when the on-disk shape changes incompatibly. */
export const FORMAT_VERSION = 1;

export interface Counter {
  /** Largest window any caller asked about; older uses are trimmed. */
  windowMs: number;
  /** ISO times of uses, oldest first. */
  uses: string[];
}
/** A job plus bookkeeping the port does not expose. */
export interface StoredJob extends Job {
  createdAt: string;
  finishedAt: string | null;
}
/** In memory: Maps, so keys such as `__proto__` are plain data and lookups are O(1). */
export interface State {
  deliveries: Map<string, { event: string; at: string }>;
  /** Keyed by `${repo} ${fingerprint}` (repo names cannot contain spaces). */
  failures: Map<string, FailureRecord>;
  actions: Map<string, ActionRecord>;
  /** Keyed by `${kind}:${repo}`. */
  counters: Map<string, Counter>;
  audit: AuditEntry[];
  jobs: StoredJob[];
  nextJobId: number;
}

export function emptyState(): State {
  return { deliveries: new Map(), failures: new Map(), actions: new Map(), counters: new Map(), audit: [], jobs: [], nextJobId: 1 };
}

/** Thrown for a store file that cannot be read, parsed or written. `file` names it. */
export class StoreFileError extends Error {
  override name = 'StoreFileError';
  constructor(readonly file: string, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Internal: the content is damaged (may be moved aside with onCorrupt: 'reset'). */
class CorruptData extends Error {}
/** Internal: the content is fine but not ours to read (never reset over it). */
class ForeignData extends Error {}

const MAPS = ['deliveries', 'failures', 'actions', 'counters'] as const;
const LISTS = ['audit', 'jobs'] as const;

function stringify(s: State): string {
  // No indentation: the whole file is rewritten on every write, so size is latency.
  return JSON.stringify({
    version: FORMAT_VERSION,
    nextJobId: s.nextJobId,
    ...Object.fromEntries(MAPS.map((k) => [k, Object.fromEntries(s[k])])),
    ...Object.fromEntries(LISTS.map((k) => [k, s[k]])),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parse(text: string): State {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CorruptData(`invalid JSON (${(err as Error).message})`);
  }
  if (!isObject(raw)) throw new CorruptData(`expected a JSON object, found ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  if (raw.version === undefined) throw new ForeignData('it has no "version" field, so it is not an autofix-bot store (wrong path?)');
  if (typeof raw.version !== 'number') throw new CorruptData('"version" is not a number');
  if (raw.version > FORMAT_VERSION) {
    throw new ForeignData(`it was written by a newer autofix-bot (format ${raw.version}; this build reads up to ${FORMAT_VERSION})`);
  }
  const s = emptyState();
  for (const k of MAPS) {
    const v = raw[k];
    if (v === undefined) continue; // a field added after the file was written
    if (!isObject(v)) throw new CorruptData(`"${k}" should be an object`);
    (s[k] as Map<string, unknown>) = new Map(Object.entries(v));
  }
  for (const k of LISTS) {
    const v = raw[k];
    if (v === undefined) continue;
    if (!Array.isArray(v)) throw new CorruptData(`"${k}" should be an array`);
    (s[k] as unknown[]) = v;
  }
  const maxId = s.jobs.reduce((m, j) => Math.max(m, typeof j.id === 'number' ? j.id : 0), 0);
  s.nextJobId = Math.max(typeof raw.nextJobId === 'number' ? raw.nextJobId : 1, maxId + 1);
  return s;
}

type Waiter = { resolve: () => void; reject: (err: unknown) => void; undo?: () => void };

/**
 * Serializes writes and batches them: every persist() requested while a write is running joins
 * the next write, which stringifies the state once, after all of their mutations.
 */
export class Persister {
  #queue: Waiter[] = [];
  #loop: Promise<void> | null = null;
  constructor(private readonly write: () => Promise<void>) {}

  /** Resolves once the current state (including the caller's mutation) is on disk. `undo` runs if that write fails. */
  persist(undo?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject, undo });
      this.#loop ??= this.#run();
    });
  }
  get busy(): boolean {
    return this.#loop !== null;
  }
  /** Resolves when every write requested so far has succeeded or failed. */
  async settled(): Promise<void> {
    await this.#loop;
  }

  async #run(): Promise<void> {
    try {
      await Promise.resolve(); // let callers in the same tick join the first batch
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        try {
          await this.write();
          for (const w of batch) w.resolve();
        } catch (err) {
          // Roll back claims that never reached disk before the next batch is stringified,
          // so nobody acts on (or later persists) a claim whose caller saw an error.
          for (const w of [...batch].reverse()) w.undo?.();
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.#loop = null;
    }
  }
}

export interface OpenedState {
  state: State;
  persister: Persister;
}

export async function openState(
  file: string | null,
  opts: { onCorrupt: 'throw' | 'reset'; warn: (obj: object, msg: string) => void },
): Promise<OpenedState> {
  if (file === null) {
    const db = new Low<State>(new Memory<State>(), emptyState());
    return { state: db.data, persister: new Persister(() => db.write()) };
  }
  const db = new Low<State>(
    new DataFile<State>(file, {
      // Whitespace only: nothing to lose (e.g. a file created by mktemp), start empty.
      parse: (text) => (text.trim() === '' ? (null as unknown as State) : parse(text)),
      stringify,
    }),
    emptyState(),
  );
  try {
    await db.read();
  } catch (err) {
    const size = await stat(file).then((st) => `${st.size} bytes`, () => 'size unknown');
    if (err instanceof ForeignData) {
      throw new StoreFileError(file, `Store file ${file} cannot be used: ${err.message}.`);
    }
    if (!(err instanceof CorruptData)) {
      throw new StoreFileError(file, `Cannot read store file ${file}: ${(err as Error).message}`, { cause: err });
    }
    if (opts.onCorrupt !== 'reset') {
      throw new StoreFileError(
        file,
        `Store file ${file} is corrupt (${size}): ${err.message}. Refusing to start over it, because that would ` +
          `forget claimed deliveries and queued jobs. Restore it from a backup, or open the store with ` +
          `onCorrupt: 'reset' to move it aside as ${file}.corrupt-<timestamp> and start empty.`,
      );
    }
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    opts.warn({ file, movedTo: aside, problem: err.message }, 'store file was corrupt; moved it aside and started empty');
    db.data = emptyState();
  }
  const write = async (): Promise<void> => {
    try {
      await db.write();
    } catch (err) {
      throw new StoreFileError(file, `Cannot write store file ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  // Write once now: an unwritable path fails at startup, not on the first webhook.
  await mkdir(dirname(file), { recursive: true }).catch((err: Error) => {
    throw new StoreFileError(file, `Cannot create the directory of store file ${file}: ${err.message}`, { cause: err });
  });
  const persister = new Persister(write);
  await persister.persist();
  return { state: db.data, persister };
}
