// A minimal git object store. Enough for the "create blob/tree/commit, move a ref" flow and the
// contents API to agree with each other, which is what a draft-PR flow depends on.
import { createHash } from 'node:crypto';

export interface Signature {
  name: string;
  email: string;
  date: string;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'commit';
  sha: string;
}

/** Trees are stored flat (path → entry); sub-trees are derived on demand. */
export type FlatTree = Map<string, TreeEntry>;

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: Signature;
  committer: Signature;
}

export interface DirEntry {
  name: string;
  path: string;
  type: 'file' | 'dir';
  sha: string;
  size: number;
}

export const GITHUB_SIGNATURE = { name: 'GitHub', email: 'noreply@github.com' };

function sha1(kind: string, data: Buffer | string): string {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  return createHash('sha1').update(`${kind} ${buf.length}\0`).update(buf).digest('hex');
}

export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, FlatTree>();
  readonly commits = new Map<string, CommitObject>();
  /** Fully qualified: `refs/heads/main`. */
  readonly refs = new Map<string, string>();

  putBlob(content: Buffer): string {
    const sha = sha1('blob', content); // the real git blob id, so `sha` matches `git hash-object`
    this.blobs.set(sha, content);
    return sha;
  }

  putTree(entries: FlatTree): string {
    const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const sha = sha1('tree', sorted.map(([p, e]) => `${e.mode} ${e.type} ${e.sha}\t${p}`).join('\n'));
    this.trees.set(sha, new Map(sorted));
    return sha;
  }

  putCommit(c: Omit<CommitObject, 'sha'>): CommitObject {
    const text = [
      `tree ${c.tree}`,
      ...c.parents.map((p) => `parent ${p}`),
      `author ${c.author.name} <${c.author.email}> ${c.author.date}`,
      `committer ${c.committer.name} <${c.committer.email}> ${c.committer.date}`,
      '',
      c.message,
    ].join('\n');
    const commit = { ...c, sha: sha1('commit', text) };
    this.commits.set(commit.sha, commit);
    return commit;
  }

  /** Accepts what GitHub accepts for `ref=`: a branch, a tag, `heads/x`, `refs/heads/x` or a sha. */
  resolve(ref: string): string | undefined {
    for (const name of [ref, `refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = this.refs.get(name);
      if (sha) return sha;
    }
    if (this.commits.has(ref)) return ref;
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const hits = [...this.commits.keys()].filter((s) => s.startsWith(ref));
      if (hits.length === 1) return hits[0];
    }
    return undefined;
  }

  treeOf(commitSha: string): FlatTree {
    const commit = this.commits.get(commitSha);
    return (commit && this.trees.get(commit.tree)) ?? new Map();
  }

  readFile(commitSha: string, path: string): { sha: string; content: Buffer } | undefined {
    const entry = this.treeOf(commitSha).get(normalizePath(path));
    const content = entry && this.blobs.get(entry.sha);
    return entry && content ? { sha: entry.sha, content } : undefined;
  }

  /** Lists one directory level; undefined if the directory does not exist. */
  listDir(treeSha: string, dir: string): Array<DirEntry> | undefined {
    const tree = this.trees.get(treeSha);
    if (!tree) return undefined;
    const prefix = dir ? `${normalizePath(dir)}/` : '';
    const out = new Map<string, DirEntry>();
    for (const [path, entry] of tree) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      if (!name) continue;
      if (rest.length === 0) {
        out.set(name, { name, path, type: 'file', sha: entry.sha, size: this.blobs.get(entry.sha)?.length ?? 0 });
      } else if (!out.has(name)) {
        out.set(name, { name, path: prefix + name, type: 'dir', sha: this.subtree(treeSha, prefix + name), size: 0 });
      }
    }
    return out.size || !dir ? [...out.values()] : undefined;
  }

  /** Materialises the sub-tree under `dir` so its sha can be fetched like a real tree. */
  subtree(treeSha: string, dir: string): string {
    const prefix = `${normalizePath(dir)}/`;
    const sub: FlatTree = new Map();
    for (const [path, entry] of this.trees.get(treeSha) ?? []) {
      if (path.startsWith(prefix)) sub.set(path.slice(prefix.length), entry);
    }
    return this.putTree(sub);
  }

  isAncestor(ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const stack = [of];
    while (stack.length) {
      const sha = stack.pop()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      stack.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  /** Commits reachable from `head` but not from `base`, newest first. */
  commitsBetween(base: string, head: string): string[] {
    const out: string[] = [];
    const stack = [head];
    const seen = new Set<string>();
    while (stack.length) {
      const sha = stack.pop()!;
      if (seen.has(sha) || this.isAncestor(sha, base)) continue;
      seen.add(sha);
      out.push(sha);
      stack.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return out;
  }

  /** Writes files (null deletes) on top of a commit, as one new commit. Does not move any ref. */
  commitChanges(
    parent: string | undefined,
    changes: Record<string, Buffer | null>,
    message: string,
    author: Signature,
    committer: Signature = { ...GITHUB_SIGNATURE, date: author.date },
  ): CommitObject {
    const tree: FlatTree = new Map(parent ? this.treeOf(parent) : []);
    for (const [path, content] of Object.entries(changes)) {
      const p = normalizePath(path);
      if (content === null) tree.delete(p);
      else tree.set(p, { mode: '100644', type: 'blob', sha: this.putBlob(content) });
    }
    return this.putCommit({
      tree: this.putTree(tree),
      parents: parent ? [parent] : [],
      message,
      author,
      committer,
    });
  }
}

export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
