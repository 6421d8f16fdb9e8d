// Who is calling. GitHub distinguishes three credentials and so must the fake: the app JWT only
// mints installation tokens, installation tokens act as `<slug>[bot]`, and some features
// (Copilot assignment) are documented for user tokens only.
import { createPublicKey, randomBytes, verify } from 'node:crypto';

export type Identity =
  | { kind: 'app'; appId: number | string }
  | { kind: 'installation'; installationId: number; token: string; repositories?: string[] }
  | { kind: 'user'; login: string; token: string }
  | { kind: 'none' };

export interface AuthOptions {
  appId?: number;
  appPublicKey?: string;
  appSlug: string;
}

interface IssuedToken {
  installationId: number;
  expiresAt: number;
  /** Lower-case repo names the token was narrowed to (`repositories` in the token request). */
  repositories?: string[];
}

const USER_TOKEN = /^(github_pat_|ghp_|gho_|ghu_)/;

export class TokenStore {
  readonly issued = new Map<string, IssuedToken>();
  readonly users = new Map<string, string>();
  private readonly publicKey;

  constructor(private readonly opts: AuthOptions) {
    this.publicKey = opts.appPublicKey ? createPublicKey(opts.appPublicKey) : undefined;
  }

  issue(installationId: number, repositories?: string[], ttlMs = 3600_000): { token: string; expiresAt: Date } {
    const token = `ghs_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
    const expiresAt = Date.now() + ttlMs;
    this.issued.set(token, { installationId, expiresAt, repositories: repositories?.map((r) => r.toLowerCase()) });
    return { token, expiresAt: new Date(expiresAt) };
  }

  addUserToken(token: string, login: string): void {
    this.users.set(token, login);
  }

  /** Returns the identity, or the message GitHub would answer with a 401. */
  authenticate(header: string | undefined): Identity | { error: string } {
    if (!header) return { kind: 'none' };
    const m = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
    if (!m?.[2]) return { error: 'Bad credentials' };
    const credential = m[2];
    const scheme = m[1]!.toLowerCase();
    if (credential.split('.').length === 3 && scheme === 'bearer') return this.verifyJwt(credential);
    const inst = this.issued.get(credential);
    if (inst) {
      if (inst.expiresAt <= Date.now()) return { error: 'Bad credentials (installation token expired)' };
      return { kind: 'installation', installationId: inst.installationId, token: credential, repositories: inst.repositories };
    }
    const login = this.users.get(credential);
    if (login && USER_TOKEN.test(credential)) return { kind: 'user', login, token: credential };
    return { error: 'Bad credentials' };
  }

  /** Expires every installation token, so a test can prove the client fetches a new one. */
  revokeAll(): void {
    for (const t of this.issued.values()) t.expiresAt = 0;
  }

  private verifyJwt(jwt: string): Identity | { error: string } {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    let header: { alg?: string };
    let claims: { iat?: number; exp?: number; iss?: number | string };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { error: 'A JSON web token could not be decoded' };
    }
    if (header.alg !== 'RS256') return { error: `JWT algorithm must be RS256, got ${header.alg}` };
    if (this.publicKey) {
      const good = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, 'base64url'));
      if (!good) return { error: 'A JSON web token could not be decoded (signature mismatch)' };
    }
    const now = Math.floor(Date.now() / 1000);
    // GitHub's documented limits: iat in the past (60 s clock drift allowed), exp at most 10 min ahead.
    if (typeof claims.iat !== 'number' || claims.iat > now + 60) {
      return { error: "'Issued at' claim ('iat') must be an Integer representing a time in the past" };
    }
    if (typeof claims.exp !== 'number' || claims.exp <= now) return { error: "'Expiration time' claim ('exp') is in the past" };
    if (claims.exp > now + 600 + 5) return { error: "'Expiration time' claim ('exp') is too far in the future" };
    if (claims.iss === undefined) return { error: "'Issuer' claim ('iss') must be the app id" };
    if (this.opts.appId !== undefined && String(claims.iss) !== String(this.opts.appId)) {
      return { error: `'Issuer' claim ('iss') ${claims.iss} does not match app ${this.opts.appId}` };
    }
    return { kind: 'app', appId: claims.iss };
  }
}
