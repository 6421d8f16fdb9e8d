// Values worth naming in an issue: the package, module, variable, host and files the failure is
// about, taken from the matched rules' named groups first and from the lines around the root.
import type { AffectedFile, CapturedValues } from './types.js';
import type { ScoredLine } from './classify.js';

const FILE_REF = /(?:^|[\s('"`])((?:\.{0,2}\/)?(?:[\w@.+-]+\/)*[\w@.+-]+\.(?:[cm]?[jt]sx?|py|pyi|rs|go|java|kt|kts|scala|rb|php|c|cc|cpp|cxx|h|hpp|cs|swift|ya?ml|json|toml|md|mdx|css|scss|html|vue|svelte|sh|txt|xml|gradle|lock|cfg|ini))(?![\w-])(?:[:(](\d+)(?:[:,](\d+))?\)?)?/g;
const IGNORED_PATH = /\/_temp\/|node_modules\/|site-packages\/|\/opt\/hostedtoolcache\/|\/usr\/lib\/|\/_actions\/|<anonymous>|^node:|\/rustc\/|\.cargo\/registry|\/go\/pkg\/mod\//;
const URL_HOST = /\bhttps?:\/\/([\w.-]+)(?::\d+)?/;

function workspaceRelative(path: string): string {
  return path.replace(/^\/home\/runner\/work\/[^/]+\/[^/]+\//, '').replace(/^[A-Z]:\\a\\[^\\]+\\[^\\]+\\/, '').replace(/^\.\//, '');
}

const PY_FRAME = /File "([^"]+)", line (\d+)/g;

/**
 * Files the failure points at: those named on the root line, then on the lines right after it
 * (` --> src/lib.rs:3:5`), then before it (eslint's file header, Python's `File "x", line 3`),
 * then on the other strong lines.
 */
export function affectedFiles(texts: string[], max = 10): AffectedFile[] {
  const seen = new Map<string, AffectedFile>();
  for (const text of texts) {
    const refs = [...text.matchAll(PY_FRAME)].map((m) => [m[0], m[1], m[2], undefined] as const);
    for (const m of refs.length > 0 ? refs : text.matchAll(FILE_REF)) {
      const raw = m[1]!;
      if (IGNORED_PATH.test(raw) || /^\d+(\.\d+)+$/.test(raw) || /^https?:/.test(raw)) continue;
      const path = workspaceRelative(raw);
      if (path.length < 3 || !/[/.]/.test(path)) continue;
      const key = `${path}:${m[2] ?? ''}`;
      if (seen.has(key)) continue;
      const f: AffectedFile = { path };
      if (m[2]) f.line = Number(m[2]);
      if (m[3]) f.column = Number(m[3]);
      seen.set(key, f);
      if (seen.size >= max) return [...seen.values()];
    }
  }
  return [...seen.values()];
}

/** The package a registry URL asks for: `/@scope%2fname`, `/name`, `/name/-/name-1.0.0.tgz`. */
function registryPackage(url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const m = /^\/(@[^/]+\/[^/]+|[^/@][^/]*)(?:\/-\/.*|\/[^/]*)?$/.exec(path);
  return m ? m[1]! : null;
}

const HOST_PORT = /\b((?:\d{1,3}\.){3}\d{1,3}|localhost|[a-z][\w-]*(?:\.[\w-]+)+):(\d{2,5})\b/;

export function capturedValues(root: ScoredLine | null, scored: ScoredLine[], files: AffectedFile[], near: string[] = []): CapturedValues {
  const out: CapturedValues = {};
  const take = (groups: Record<string, string>) => {
    for (const [k, v] of Object.entries(groups)) {
      if (k === 'url') {
        const host = URL_HOST.exec(v)?.[1];
        if (host) out.host ??= host;
        const pkg = registryPackage(v);
        if (pkg) out.package ??= pkg;
        continue;
      }
      if (k === 'line') continue;
      if (v) out[k] ??= k === 'file' ? workspaceRelative(v) : v.replace(/[.,:;]+$/, '');
    }
  };
  if (root) take(root.groups);
  const rootCat = root?.rule?.category;
  // Names from the other strong lines fill what the root line does not say (a pip network error
  // names no package; the "No matching distribution" line after it does). Files come from
  // affectedFiles, which knows what is near the root.
  const others = scored.filter((s) => s !== root && s.score >= 60).sort((a, b) => b.score - a.score);
  for (const s of others) take(Object.fromEntries(Object.entries(s.groups).filter(([k]) => k !== 'file' || s.rule?.category === rootCat)));
  if (!out.host && root && (rootCat === 'network_error' || rootCat === 'docker_error' || rootCat === 'timeout')) {
    for (const text of [root.line.text, ...near]) {
      const hp = HOST_PORT.exec(text);
      const host = hp ? `${hp[1]}:${hp[2]}` : URL_HOST.exec(text)?.[1];
      if (host) {
        out.host = host;
        break;
      }
    }
  }
  if (!out.file && files[0]) out.file = files[0].path;
  return out;
}
