// Values worth naming in an issue: the package, module, variable, host and files the failure is
// about, taken from the matched rules' named groups first and from the lines around the root.
import type { AffectedFile, CapturedValues } from './types.js';
import type { ScoredLine } from './classify.js';

const FILE_REF = /(?:^|[\s('"`])((?:\.{0,2}\/)?(?:[\w@.+-]+\/)*[\w@.+-]+\.(?:[cm]?[jt]sx?|py|pyi|rs|go|java|kt|kts|scala|rb|php|c|cc|cpp|cxx|h|hpp|cs|swift|ya?ml|json|toml|md|mdx|css|scss|html|vue|svelte|sh|txt|xml|gradle|lock|cfg|ini))(?:[:(](\d+)(?:[:,](\d+))?\)?)?/g;
const IGNORED_PATH = /\/_temp\/|node_modules\/|site-packages\/|\/opt\/hostedtoolcache\/|\/usr\/lib\/|\/_actions\/|<anonymous>|^node:|\/rustc\/|\.cargo\/registry|\/go\/pkg\/mod\//;
const URL_HOST = /\bhttps?:\/\/([\w.-]+)(?::\d+)?/;

function workspaceRelative(path: string): string {
  return path.replace(/^\/home\/runner\/work\/[^/]+\/[^/]+\//, '').replace(/^[A-Z]:\\a\\[^\\]+\\[^\\]+\\/, '').replace(/^\.\//, '');
}

export function affectedFiles(lines: ScoredLine[], max = 10): AffectedFile[] {
  const seen = new Map<string, AffectedFile>();
  for (const s of lines) {
    if (s.score < 40) continue;
    for (const m of s.line.text.matchAll(FILE_REF)) {
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

export function capturedValues(root: ScoredLine | null, scored: ScoredLine[], files: AffectedFile[]): CapturedValues {
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
  for (const s of scored) if (s !== root && s.score >= 60 && s.rule?.category === rootCat) take(s.groups);
  if (!out.host && root) {
    const host = URL_HOST.exec(root.line.text)?.[1];
    if (host && (rootCat === 'network_error' || rootCat === 'docker_error')) out.host = host;
  }
  if (!out.file && files[0]) out.file = files[0].path;
  return out;
}
