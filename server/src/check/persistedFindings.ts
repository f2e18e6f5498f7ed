// Claim findings kept across sessions. The first check of a long brief against a large corpus
// takes about a second (10,000 sources); reopening the editor on the same brief and corpus need
// not pay it again. Findings are kept per claim (as checkBrief caches them in memory), in one
// file per corpus, stamped with the corpus's content and the checker's build: a file with any
// other stamp, or one that cannot be read, is discarded and the claims are checked anew.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Finding } from './findings';

/** Where checkBrief looks up, and records, the findings of a claim by its cache key. */
export interface ClaimFindingsStore {
  get(key: string): Finding[] | undefined;
  set(key: string, findings: Finding[]): void;
  /** The claims of `owner`'s (a brief's) latest complete check, by key: what is worth keeping. */
  keep?(owner: string, keys: string[]): void;
}

const FORMAT = 'groundwork-findings/2';
/** Claims held in memory per corpus (about 0.5 KB each): the least recently used go first. */
export const MAX_PERSISTED_CLAIMS = 20_000;
/**
 * Briefs whose latest check is written, the most recently checked first. Only their claims are
 * written: the sentences a brief went through while being typed are not worth a start's time.
 */
export const MAX_PERSISTED_BRIEFS = 200;

export class PersistedFindings implements ClaimFindingsStore {
  private readonly claims = new Map<string, Finding[]>();
  private readonly owners = new Map<string, string[]>();
  private changed = false;

  /** Claims recorded since the file was read. */
  added = 0;

  private constructor(
    readonly file: string,
    readonly stamp: string,
  ) {}

  /**
   * The findings kept in `file` if it carries `stamp`, else an empty store that will replace
   * it. `log` is told why a file was discarded (a missing file is not worth a line).
   */
  static open(file: string, stamp: string, log?: (message: string) => void): PersistedFindings {
    const store = new PersistedFindings(file, stamp);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return store;
    }
    try {
      const data = JSON.parse(text) as { format?: unknown; stamp?: unknown; claims?: unknown; owners?: unknown };
      if (data.format !== FORMAT || typeof data.stamp !== 'string' || !Array.isArray(data.claims) || !Array.isArray(data.owners)) throw new Error('not a findings file of this version');
      if (data.stamp !== stamp) {
        log?.(`Findings cache ${path.basename(file)} is for another corpus or checker version; the brief is checked anew.`);
        return store;
      }
      for (const entry of data.claims) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1]) || !entry[1].every(isFinding)) throw new Error('a malformed entry');
        store.claims.set(entry[0], entry[1]);
      }
      for (const entry of data.owners) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1]) || !entry[1].every((k: unknown) => typeof k === 'string')) throw new Error('a malformed entry');
        store.owners.set(entry[0], entry[1]);
      }
    } catch (e) {
      store.claims.clear();
      store.owners.clear();
      log?.(`Findings cache ${path.basename(file)} discarded (${(e as Error).message}); the brief is checked anew.`);
    }
    return store;
  }

  get size(): number {
    return this.claims.size;
  }

  get(key: string): Finding[] | undefined {
    const findings = this.claims.get(key);
    if (findings) {
      // Most recently used last, so that what is dropped first is what no brief has asked for.
      this.claims.delete(key);
      this.claims.set(key, findings);
    }
    return findings;
  }

  set(key: string, findings: Finding[]): void {
    this.claims.delete(key);
    this.claims.set(key, findings);
    if (this.claims.size > MAX_PERSISTED_CLAIMS) this.claims.delete(this.claims.keys().next().value!);
    this.changed = true;
    this.added++;
  }

  keep(owner: string, keys: string[]): void {
    const before = this.owners.get(owner);
    this.owners.delete(owner);
    this.owners.set(owner, keys);
    if (this.owners.size > MAX_PERSISTED_BRIEFS) this.owners.delete(this.owners.keys().next().value!);
    if (!before || before.length !== keys.length || before.some((k, i) => k !== keys[i])) this.changed = true;
  }

  /**
   * Writes the claims of the briefs' latest checks, if anything changed since the file was read
   * or written (atomically: a temporary file renamed).
   */
  save(): boolean {
    if (!this.changed) return false;
    const owners = [...this.owners].filter(([, keys]) => keys.every((k) => this.claims.has(k)));
    const claims = [...new Set(owners.flatMap(([, keys]) => keys))].map((k) => [k, this.claims.get(k)!] as const);
    const data = JSON.stringify({ format: FORMAT, stamp: this.stamp, owners, claims });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, this.file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    this.changed = false;
    return true;
  }
}

/** Enough of a Finding's shape that a hand-edited or foreign file cannot put garbage in front of a user. */
function isFinding(value: unknown): value is Finding {
  const f = value as Finding;
  return (
    typeof f === 'object' && f !== null && typeof f.code === 'string' && typeof f.severity === 'string' && Number.isInteger(f.start) && Number.isInteger(f.end) &&
    typeof f.message === 'string' && Array.isArray(f.fixes) && Array.isArray(f.evidence) &&
    f.fixes.every((x) => typeof x?.title === 'string' && Array.isArray(x.edits) && x.edits.every((e) => Number.isInteger(e?.start) && Number.isInteger(e?.end) && typeof e?.newText === 'string'))
  );
}

/**
 * The persisted findings of every corpus in use, one file each, stamped with the checker's build
 * (a hash of the file holding the checks) and the corpus's content.
 */
export class FindingsStores {
  private readonly stores = new Map<string, PersistedFindings>();
  private build?: string;

  constructor(
    private readonly checkerFile: string,
    private readonly log?: (message: string) => void,
  ) {}

  /** The store of `file` for a corpus of content stamp `content` (read from the file at first use). */
  storeFor(file: string, content: string): PersistedFindings {
    const stamp = `${this.buildStamp()} ${content}`;
    let store = this.stores.get(file);
    if (store?.stamp !== stamp) {
      store = PersistedFindings.open(file, stamp, this.log);
      if (store.size) this.log?.(`Findings cache: ${store.size} checked claims kept from an earlier session.`);
      this.stores.set(file, store);
    }
    return store;
  }

  /** Writes every store that changed; a failure is logged, never thrown (the next start checks anew). */
  saveAll(): void {
    for (const store of this.stores.values()) {
      try {
        store.save();
      } catch (e) {
        this.log?.(`Findings cache not written (${(e as Error).message}); the next start checks the briefs anew.`);
      }
    }
  }

  private buildStamp(): string {
    if (this.build === undefined) {
      try {
        this.build = createHash('sha1').update(fs.readFileSync(this.checkerFile)).digest('hex');
      } catch {
        this.build = `unhashed ${process.pid} ${Date.now()}`; // matches no file: nothing stale is reused
      }
    }
    return this.build;
  }
}
