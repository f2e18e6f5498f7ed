// A whole file read off the main thread (no dependency beyond fs: the launcher uses it too).
import * as fs from 'node:fs';

/**
 * Starts reading a whole file (an index cache) on libuv's thread pool in one read call, so that
 * the copy of tens of megabytes runs on the other core while this thread does other work.
 * Resolves to undefined when there is no readable file.
 */
export function readFileInBackground(file: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    fs.open(file, 'r', (err, fd) => {
      if (err) return resolve(undefined);
      const done = (buf: Buffer | undefined) => fs.close(fd, () => resolve(buf));
      fs.fstat(fd, (err2, st) => {
        if (err2) return done(undefined);
        try {
          const buf = Buffer.allocUnsafe(st.size);
          const readFrom = (at: number): void => {
            if (at >= st.size) return done(buf);
            // (One call reads at most 1 GiB; larger files take several.)
            fs.read(fd, buf, at, Math.min(st.size - at, 1 << 30), at, (err3, n) => (err3 || n === 0 ? done(undefined) : readFrom(at + n)));
          };
          readFrom(0);
        } catch {
          done(undefined); // too large to hold in one buffer: the caller reads it itself, or does without
        }
      });
    });
  });
}
