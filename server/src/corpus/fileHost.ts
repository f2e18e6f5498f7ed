// The small host interface the corpus reads files through: Node's fs in the server and CLI,
// an in-memory map in tests.
import { closeSync, lstatSync, openSync, promises as fs, readFileSync, readSync, realpathSync, statSync } from 'node:fs';

export interface FileHost {
  /** The file's text; rejects with a readable Error when it cannot be read. */
  readText(path: string): Promise<string>;
  /** The file's bytes (PDF and HTML sources); hosts without it give readText's UTF-8 bytes. */
  readBytes?(path: string): Promise<Uint8Array>;
  /** Names of the entries of a directory, or undefined when `path` is not a directory. */
  readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[] | undefined>;
  /** Size in bytes, or undefined when missing. */
  size(path: string): Promise<number | undefined>;
  /** Synchronous reads, for texts loaded on first use and the index cache (Node hosts only). */
  readTextSync?(path: string): string;
  readBytesSync?(path: string): Uint8Array;
  /** Bytes start..end of a file (fewer at its end). */
  readRangeSync?(path: string, start: number, end: number): Uint8Array;
  statSync?(path: string): { size: number; mtimeMs: number } | undefined;
  /** The path with symlinks resolved (undefined when it does not exist). */
  realPath?(path: string): string | undefined;
  /** Whether the path itself is a symbolic link. */
  isSymlink?(path: string): boolean;
  /** lstat: whether the path itself is a link, and its own size and modification time. */
  linkStatSync?(path: string): (FileStat & { symlink: boolean }) | undefined;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** A text file's bytes as text (UTF-8, without a byte-order mark); a binary file is refused. */
export function decodeTextFile(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.subarray(0, 8000).includes(0)) throw new Error('it is a binary file, not text');
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

export const nodeFileHost: FileHost = {
  async readText(path) {
    return decodeTextFile(await fs.readFile(path));
  },
  async readBytes(path) {
    return fs.readFile(path);
  },
  async readDirectory(path) {
    try {
      const entries = await fs.readdir(path, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
    } catch {
      return undefined;
    }
  },
  async size(path) {
    try {
      return (await fs.stat(path)).size;
    } catch {
      return undefined;
    }
  },
  readTextSync(path) {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  },
  readBytesSync(path) {
    return readFileSync(path);
  },
  statSync(path) {
    try {
      const st = statSync(path);
      return { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  },
  realPath(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  isSymlink(path) {
    try {
      return lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  },
  readRangeSync(path, start, end) {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(Math.max(0, end - start));
      const n = readSync(fd, buf, 0, buf.length, start);
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  },
  linkStatSync(path) {
    try {
      const st = lstatSync(path);
      return { symlink: st.isSymbolicLink(), size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  },
};

/** An in-memory host for tests and benchmarks: paths are absolute POSIX paths; PDFs as bytes. */
export function memoryFileHost(files: Record<string, string | Uint8Array>): FileHost {
  const bytes = (path: string): Uint8Array => {
    if (!(path in files)) throw new Error(`ENOENT: no such file '${path}'`);
    const f = files[path];
    return typeof f === 'string' ? new TextEncoder().encode(f) : f;
  };
  return {
    async readText(path) {
      if (!(path in files)) throw new Error(`ENOENT: no such file '${path}'`);
      const f = files[path];
      return typeof f === 'string' ? f : new TextDecoder().decode(f);
    },
    async readBytes(path) {
      return bytes(path);
    },
    async readDirectory(path) {
      const prefix = path.endsWith('/') ? path : path + '/';
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      if (names.size === 0) return undefined;
      return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    async size(path) {
      return path in files ? files[path].length : undefined;
    },
  };
}
