// Step-level mechanical fixes: retry a network-bound command, give Node more heap, free disk
// space, move to a larger runner, and run a bash script on Windows with bash.
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { insertIntoJob, insertIntoMap, runnerOs, spaces, stepOf, type EditCtx, type Fix } from './edit-context.js';
import { effectiveShell } from './workflow-find.js';
import { aboveComments, blockMap, column, keyColumn, lineStart, pairOf, rangeOf, replaceScalar, scalarText, type TextEdit } from './yaml-text.js';

/**
 * The original command runs unchanged inside a subshell with `set -e` (a subshell that is not an
 * `if` condition keeps errexit, so a multi-line script still stops at its first failure). It sits
 * at column 0 of the script so heredoc terminators inside it still match.
 */
export function retryScript(original: string): string {
  const body = original.endsWith('\n') ? original.slice(0, -1) : original;
  return [
    '# autofix: retry up to 3 times (network errors); the original command is unchanged below.',
    'set +e',
    'for autofix_attempt in 1 2 3; do',
    '  (',
    'set -e',
    body,
    '  )',
    '  autofix_status=$?',
    '  if [ "$autofix_status" -eq 0 ]; then break; fi',
    '  if [ "$autofix_attempt" -lt 3 ]; then',
    '    echo "::warning::attempt $autofix_attempt failed (exit $autofix_status), retrying in $((autofix_attempt * 15))s"',
    '    sleep $((autofix_attempt * 15))',
    '  fi',
    'done',
    'exit "$autofix_status"',
    '',
  ].join('\n');
}

/** Replace a scalar value (flow or block) by a literal block scalar holding `value`. */
function toLiteralBlock(c: EditCtx, pairKeyCol: number, node: Node, value: string): TextEdit | null {
  const r = rangeOf(node);
  if (!r || !isScalar(node)) return null;
  const ind = spaces(pairKeyCol + c.unit);
  const lines = value.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : ind + l));
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  const lineEnd = (from: number): number => {
    const i = c.src.indexOf('\n', from);
    return i === -1 ? c.src.length : c.src[i - 1] === '\r' ? i - 1 : i;
  };
  // A block scalar ends after its last newline (its header line may carry a comment); a flow
  // scalar ends mid-line, maybe before a `# comment` that must move to the new header.
  const end = block ? r[1] : lineEnd(r[1]);
  const rest = block ? c.src.slice(r[0], lineEnd(r[0])) : c.src.slice(r[1], end);
  const comment = /\s(#.*?)\s*$/.exec(rest)?.[1];
  const tail = block || end === c.src.length ? c.eol : '';
  return { start: r[0], end, text: `|${comment ? ` ${comment}` : ''}${c.eol}${lines.join(c.eol)}${tail}` };
}

export function fixRetry(c: EditCtx): Fix | null {
  const step = c.loc.step;
  const runPair = step ? pairOf(step.node, 'run') : undefined;
  if (!step || !runPair || !isScalar(runPair.value) || typeof runPair.value.value !== 'string') return null;
  const original = runPair.value.value;
  if (original.includes('autofix_attempt')) return null; // already wrapped once: retrying did not help
  const shell = effectiveShell(c.doc, c.loc.job, step.node);
  // The script is POSIX sh; the default shell is bash except on Windows (pwsh).
  const posix = shell === null ? runnerOs(c.loc.job) === 'linux' || runnerOs(c.loc.job) === 'macos' : /^(bash|sh)\b/.test(shell);
  const keyCol = keyColumn(c.src, step.node);
  if (!posix || keyCol === null) return null;
  const script = retryScript(original);
  const edit = toLiteralBlock(c, keyCol, runPair.value, script);
  if (!edit) return null;
  return {
    edits: [edit],
    summary: [`${c.path}.steps[${step.index}].run: wrapped in a retry loop (3 attempts, 15s/30s backoff; command unchanged) (step "${step.label}")`],
    title: `retry "${step.label}" on network errors`,
    mutate: (j) => void (stepOf(j, step.index).run = script),
  };
}

const HEAP = /JavaScript heap out of memory|Reached heap limit|Allocation failed - JavaScript heap/i;
// ENOSPC also means "too many file watchers", which more disk does not fix.
const DISK = /No space left on device|not enough (free )?(disk )?space|^(?!.*watchers).*ENOSPC/im;
const KILLED = /\bKilled\b|exit code 137|signal 9\b|SIGKILL|OOMKilled/i;
const HEAP_FLAG = '--max-old-space-size=6144';

function fixHeap(c: EditCtx): Fix | null {
  // The failing step's env when known, else the job's (all its steps share the larger heap).
  const target: YAMLMap = c.loc.step?.node ?? c.loc.job;
  const where = c.loc.step ? `${c.path}.steps[${c.loc.step.index}].env` : `${c.path}.env`;
  const envOf = (j: Record<string, unknown>): Record<string, unknown> => (c.loc.step ? stepOf(j, c.loc.step.index) : j);
  const envPair = pairOf(target, 'env');
  let edit: TextEdit | null;
  let value = HEAP_FLAG;
  if (!envPair) {
    const lines = ['env:', `${spaces(c.unit)}NODE_OPTIONS: ${HEAP_FLAG}`];
    edit = c.loc.step ? insertIntoMap(c, target, lines) : insertIntoJob(c, lines);
  } else {
    const env = blockMap(envPair.value);
    if (!env) return null;
    const cur = pairOf(env, 'NODE_OPTIONS');
    if (!cur) {
      edit = insertIntoMap(c, env, [`NODE_OPTIONS: ${HEAP_FLAG}`], env.items[env.items.length - 1]);
    } else {
      const old = scalarText(cur.value);
      const m = old === null ? null : /--max-old-space-size=(\d+)/.exec(old);
      if (old === null || (m && Number(m[1]) >= 6144)) return null; // already as large: not the fix
      value = m ? old.replace(m[0], HEAP_FLAG) : `${old} ${HEAP_FLAG}`.trim();
      edit = replaceScalar(c.src, cur.value as Node, value);
    }
  }
  if (!edit) return null;
  return {
    edits: [edit],
    summary: [`${where}.NODE_OPTIONS: ${value} (Node's heap limit to 6 GB; "JavaScript heap out of memory")`],
    title: 'give Node a 6 GB heap (NODE_OPTIONS)',
    mutate: (j) => {
      const t = envOf(j);
      t.env = { ...((t.env as Record<string, unknown>) ?? {}), NODE_OPTIONS: value };
    },
  };
}

// Preinstalled SDKs on GitHub's Ubuntu images, removed only when the job does not seem to use them.
const BLOAT: [string, RegExp][] = [
  ['/usr/share/dotnet', /dotnet|\.net\b|csproj|nuget/i],
  ['/usr/local/lib/android', /android/i],
  ['/opt/ghc', /\bghc\b|haskell|cabal|stack build/i],
];

function fixDisk(c: EditCtx): Fix | null {
  const job = c.loc.job;
  const steps = job.get('steps', true) as { items: unknown[] } | undefined;
  // Only on GitHub's Ubuntu images (self-hosted disks are not ours to clean), not in a container.
  if (!/^ubuntu-/.test(scalarText(job.get('runs-on', true)) ?? '') || job.has('container') || !steps) return null;
  const jobText = JSON.stringify(job.toJSON());
  if (/Free disk space|\/usr\/share\/dotnet/i.test(jobText)) return null; // cleaned already: not enough
  const dirs = BLOAT.filter(([, uses]) => !uses.test(jobText)).map(([dir]) => dir);
  const index = c.loc.step?.index ?? 0;
  const item = steps.items[index] as YAMLMap | undefined;
  const first = rangeOf(item?.items[0]?.key as Node | undefined);
  if (!dirs.length || !first) return null;
  const prefix = c.src.slice(lineStart(c.src, first[0]), first[0]);
  if (!/^\s*-\s+$/.test(prefix)) return null;
  const dash = prefix.indexOf('-');
  const key = spaces(column(c.src, first[0]));
  const run = `sudo rm -rf ${dirs.join(' ')}\ndf -h\n`;
  const lines = [`${spaces(dash)}-${spaces(key.length - dash - 1)}name: Free disk space`, `${key}run: |`, ...run.trimEnd().split('\n').map((l) => key + spaces(c.unit) + l)];
  const at = aboveComments(c.src, first[0]);
  return {
    edits: [{ start: at, end: at, text: lines.map((l) => l + c.eol).join('') }],
    summary: [`${c.path}.steps: + "Free disk space" before step ${index} (removes ${dirs.join(', ')}; "No space left on device")`],
    title: 'free disk space before the failing step',
    mutate: (j) => void (j.steps as unknown[]).splice(index, 0, { name: 'Free disk space', run }),
  };
}

function fixLargerRunner(c: EditCtx): Fix | null {
  const pair = pairOf(c.loc.job, 'runs-on');
  const label = scalarText(pair?.value);
  if (!pair || label === null || !/^ubuntu-(latest|\d+\.\d+)$/.test(label)) return null;
  const next = c.opts.largerRunner ?? `${label}-8-cores`;
  const edit = replaceScalar(c.src, pair.value as Node, next);
  if (!edit) return null;
  return {
    edits: [edit],
    summary: [
      `${c.path}.runs-on: ${label} → ${next} (a larger runner: the job was killed for lack of memory, exit 137).`,
      `Larger runners must be created by an organization admin; replace \`${next}\` with your organization's larger-runner label before merging.`,
    ],
    title: `run job ${c.loc.jobKey} on a larger runner (${next})`,
    mutate: (j) => void (j['runs-on'] = next),
  };
}

export function fixResources(c: EditCtx): Fix | null {
  if (HEAP.test(c.evidence)) return fixHeap(c);
  if (DISK.test(c.evidence)) return fixDisk(c);
  if (c.analysis.exit_code === 137 || KILLED.test(c.evidence)) return fixLargerRunner(c);
  return null;
}

// PowerShell's complaints about a bash script, and bash-only syntax in the script itself.
const PWSH_ERROR = /ParserError|is not recognized as (the name of )?a cmdlet|is not recognized as an internal or external command|A parameter cannot be found that matches parameter name|Missing '\(' after 'if'|is not a valid statement separator|Missing expression after unary operator|CommandNotFoundException/i;
const BASH_ONLY = /^\s*(if|elif|while)\s+\[|^\s*(fi|then|done|esac)\b|^\s*export\s+\w+=|\\\s*$|\/dev\/null|\brm\s+-[a-z]*[rf]|^\s*set\s+-[euxo]|\$\{\w+:-|^\s*source\s/m;

export function fixShell(c: EditCtx): Fix | null {
  const step = c.loc.step;
  if (!step || runnerOs(c.loc.job) !== 'windows' || !PWSH_ERROR.test(c.evidence)) return null;
  const run = scalarText(step.node.get('run', true));
  if (run === null || effectiveShell(c.doc, c.loc.job, step.node) !== null || !BASH_ONLY.test(run)) return null;
  const edit = insertIntoMap(c, step.node, ['shell: bash']);
  if (!edit) return null;
  return {
    edits: [edit],
    summary: [`${c.path}.steps[${step.index}].shell: bash (step "${step.label}" is a bash script; Windows runners default to PowerShell)`],
    title: `run "${step.label}" with bash on Windows`,
    mutate: (j) => void (stepOf(j, step.index).shell = 'bash'),
  };
}
