// Streams a GitHub Actions job log into a bounded model: steps (from `##[group]Run …` headers),
// their annotations and exit codes, and for each step its first and last lines plus the
// error-looking lines in between. Memory depends on the number of steps, not on the log size.
import { cleanLine, looksBinary } from './clean.js';

export interface LogLine {
  /** 1-based line number in the job log. */
  n: number;
  text: string;
  /** Came from a `##[error]` annotation (the prefix is removed from `text`). */
  annotated?: boolean;
}

export interface StepRecord {
  index: number;
  /** Header text after `##[group]`, e.g. `Run npm test`; `Set up job` for the preamble. */
  name: string;
  startLine: number;
  endLine: number;
  /** The header group's body: echoed command, `with:`, `env:`, `shell:`. */
  command: string[];
  /** Output lines kept, in order (first ones, error-looking middle ones, last ones). */
  lines: LogLine[];
  errors: LogLine[];
  warnings: number;
  exitCode: number | null;
  canceled: boolean;
  outputLines: number;
  post: boolean;
}

export interface LogModel {
  steps: StepRecord[];
  totalLines: number;
  bytes: number;
  truncated: boolean;
  binaryLines: number;
  /** Runner messages about the whole job: time limit, cancellation, lost runner. */
  jobMessages: LogLine[];
}

export interface ReadOptions {
  maxBytes?: number;
}

const HEAD = 300;
const TAIL = 600;
const MIDDLE_FIRST = 200;
const MIDDLE_LAST = 200;
const COMMAND_MAX = 40;
const ERRORS_MAX = 200;
const MAX_LINE = 4000;

// Cheap test deciding whether a line leaving the tail window is worth keeping. Lines are still
// latin1 here (see LogReader.write), so the non-ASCII marks are matched by their UTF-8 bytes;
// first letters are left out so no case-insensitive flag slows the hot loop.
const MARKS = ['✘', '✗', '×', '✖', '❌'].map((m) => Buffer.from(m).toString('latin1')).join('|');
const INTERESTING = new RegExp(
  `rror|RROR|ail|AIL|atal|xception|raceback|anic|enied|orbidden|nauthori|efused|ot found|annot|an't|ould not|nable|imed out|imeout|xceeded|illed|emory|o space|ot supplied|ot set|issing|nvalid|ssert|xpected|\\bE\\d{3,4}\\b|warn\\]|eformat|ust |hould |ot allowed|${MARKS}`,
);

const EXIT_CODE = /^(?:Process completed with exit code (-?\d+)|The process '[^']*' failed with exit code (-?\d+))/;
const JOB_LEVEL =
  /has exceeded the maximum execution time|The operation was canceled|The runner has received a shutdown signal|lost communication with the server|The job was canceled because|Job execution time exceeded|exceeded the maximum execution time/i;

/**
 * A kept line, decoded from latin1 to UTF-8. The decode also makes it an own copy, so it does not
 * pin the whole chunk it was sliced from.
 */
function own(s: string): string {
  const t = s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s;
  // Pure ASCII is the same in both encodings; a cons-and-slice is the cheapest real copy.
  return /[^\x00-\x7f]/.test(t) ? Buffer.from(t, 'latin1').toString('utf8') : (' ' + t).slice(1);
}

/** A cheap copy that stays latin1 (decoded later by `own`). */
function copy(s: string): string {
  return (' ' + (s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s)).slice(1);
}

class StepBuilder {
  readonly rec: StepRecord;
  private inHeader: boolean;
  private ring: (LogLine | undefined)[] = new Array<LogLine | undefined>(TAIL);
  private ringPos = 0;
  private ringLen = 0;
  private before: LogLine[] = [];
  private middleFirst: LogLine[] = [];
  private middleLast: LogLine[] = [];
  private lastKeptN = 0;

  constructor(index: number, name: string, line: number, header: boolean, post: boolean) {
    this.inHeader = header;
    this.rec = {
      index, name, startLine: line, endLine: line, command: [], lines: [], errors: [], warnings: 0,
      exitCode: null, canceled: false, outputLines: 0, post,
    };
  }

  endHeader(): boolean {
    const was = this.inHeader;
    this.inHeader = false;
    return was;
  }

  add(line: LogLine): void {
    this.rec.endLine = line.n;
    if (this.inHeader) {
      if (this.rec.command.length < COMMAND_MAX) this.rec.command.push(own(line.text));
      return;
    }
    this.rec.outputLines++;
    if (this.rec.lines.length < HEAD) {
      line.text = own(line.text);
      this.rec.lines.push(line);
      return;
    }
    const evicted = this.ring[this.ringPos];
    this.ring[this.ringPos] = line;
    this.ringPos = (this.ringPos + 1) % TAIL;
    if (this.ringLen < TAIL) this.ringLen++;
    if (evicted) this.evict(evicted);
  }

  // A line leaves the tail window: keep it (with a little context) only if it looks like an error.
  private evict(line: LogLine): void {
    if (line.annotated || INTERESTING.test(line.text)) {
      const group = [...this.before.filter((b) => b.n > this.lastKeptN), line];
      for (let i = 0; i < 3; i++) {
        const next = this.ring[(this.ringPos + i) % TAIL];
        if (next) group.push(next);
      }
      this.lastKeptN = group[group.length - 1]!.n;
      if (this.middleFirst.length < MIDDLE_FIRST) this.middleFirst.push(...group.map((l) => ({ ...l, text: own(l.text) })));
      else {
        const copies = group.map((l) => ({ ...l, text: copy(l.text) }));
        this.middleLast.push(...copies);
        if (this.middleLast.length > MIDDLE_LAST * 2) this.middleLast.splice(0, this.middleLast.length - MIDDLE_LAST);
      }
    }
    this.before.push(line);
    if (this.before.length > 2) this.before.shift();
  }

  finish(): StepRecord {
    const tail: LogLine[] = [];
    for (let i = 0; i < this.ringLen; i++) {
      const l = this.ring[(this.ringPos - this.ringLen + i + TAIL) % TAIL];
      if (l) tail.push({ ...l, text: own(l.text) });
    }
    const seen = new Set<number>();
    const merged: LogLine[] = [];
    const late = this.middleLast.map((l) => ({ ...l, text: own(l.text) }));
    for (const l of [...this.rec.lines, ...this.middleFirst, ...late, ...tail]) {
      if (seen.has(l.n)) continue;
      seen.add(l.n);
      merged.push(l);
    }
    merged.sort((a, b) => a.n - b.n);
    this.rec.lines = merged;
    this.ring = [];
    return this.rec;
  }
}

export class LogReader {
  private rest = '';
  private n = 0;
  private bytes = 0;
  private truncated = false;
  private binaryLines = 0;
  private steps: StepRecord[] = [];
  private jobMessages: LogLine[] = [];
  private current: StepBuilder;
  private inPost = false;
  private readonly maxBytes: number;

  constructor(opts: ReadOptions = {}) {
    this.maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    this.current = new StepBuilder(0, 'Set up job', 1, false, false);
  }

  /** Feeds a chunk; returns false once the size cap is reached (the caller may stop reading). */
  write(chunk: Buffer | string): boolean {
    if (this.truncated) return false;
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.bytes + buf.length > this.maxBytes) {
      buf = buf.subarray(0, Math.max(0, this.maxBytes - this.bytes));
      this.truncated = true;
    }
    this.bytes += buf.length;
    // latin1 decoding is a copy, not a UTF-8 decode: the hot loop only looks at ASCII, and the
    // few lines kept are decoded properly by `own`. A character split across chunks is
    // reassembled because `rest` carries the partial line.
    const text = this.rest + buf.toString('latin1');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = text.slice(start);
    if (this.rest.length > 1 << 20) {
      // A "line" over 1 MB is not a log line; cut it rather than grow without bound.
      this.line(this.rest);
      this.rest = '';
    }
    return !this.truncated;
  }

  end(): LogModel {
    const last = this.rest;
    if (last.length > 0) this.line(last);
    this.rest = '';
    this.steps.push(this.current.finish());
    return {
      steps: this.steps.filter((s) => s.index === 0 || s.outputLines > 0 || s.errors.length > 0 || s.command.length > 0),
      totalLines: this.n,
      bytes: this.bytes,
      truncated: this.truncated,
      binaryLines: this.binaryLines,
      jobMessages: this.jobMessages,
    };
  }

  private startStep(name: string, header: boolean, post: boolean): void {
    this.steps.push(this.current.finish());
    this.current = new StepBuilder(this.steps.length, name, this.n, header, post);
  }

  private line(raw: string): void {
    this.n++;
    let text = cleanLine(raw);
    if (text.length > 0 && text.charCodeAt(0) < 32 && looksBinary(text)) {
      this.binaryLines++;
      return;
    }
    if (text.startsWith('##[')) {
      if (text.startsWith('##[group]Run ')) return this.startStep(own(text.slice(9).trim()), true, this.inPost);
      if (text.startsWith('##[endgroup]')) {
        this.current.endHeader();
        return;
      }
      if (text.startsWith('##[debug]') || text.startsWith('##[command]')) return;
      if (text.startsWith('##[group]')) text = text.slice(9);
      else if (text.startsWith('##[warning]')) {
        this.current.rec.warnings++;
        text = 'warning: ' + text.slice(11);
      } else if (text.startsWith('##[error]')) {
        return this.annotation(text.slice(9));
      }
    } else if (text.startsWith('Post job cleanup.')) {
      this.inPost = true;
      return this.startStep('Post job cleanup', false, true);
    } else if (text.startsWith('Error: Process completed with exit code ')) {
      return this.annotation(text.slice(7));
    }
    this.current.add({ n: this.n, text });
  }

  private annotation(msg: string): void {
    const rec = this.current.rec;
    const line: LogLine = { n: this.n, text: msg, annotated: true };
    const exit = EXIT_CODE.exec(msg);
    if (exit) rec.exitCode ??= Number(exit[1] ?? exit[2]);
    if (JOB_LEVEL.test(msg)) {
      if (/canceled|cancelled|exceeded|shutdown/i.test(msg)) rec.canceled = true;
      this.jobMessages.push({ n: this.n, text: own(msg) });
    }
    if (rec.errors.length < ERRORS_MAX) rec.errors.push({ n: this.n, text: own(msg), annotated: true });
    this.current.endHeader();
    this.current.add(line);
  }
}

export async function readLog(source: AsyncIterable<Buffer | string>, opts: ReadOptions = {}): Promise<LogModel> {
  const reader = new LogReader(opts);
  for await (const chunk of source) {
    if (!reader.write(chunk)) break;
  }
  return reader.end();
}

export function readLogText(text: string, opts: ReadOptions = {}): LogModel {
  const reader = new LogReader(opts);
  reader.write(text);
  return reader.end();
}
