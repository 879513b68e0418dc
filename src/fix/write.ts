import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Replaces a file's contents atomically: the new text goes to a temporary file in the same
 * directory (so rename(2) does not cross a file system), which gets the original's permission bits
 * and owner, is flushed, and is renamed over the original. A reader sees the old file or the new
 * one, never half of either. A symlink is followed: its target is replaced, the link kept.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const real = await fs.realpath(file);
  const st = await fs.stat(real);
  const dir = path.dirname(real);
  const tmp = path.join(dir, `.${path.basename(real)}.agp-fix-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fh = await fs.open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(text);
      // Owner first: chown clears set-id bits, chmod then restores the mode exactly.
      if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) await fh.chown(st.uid, st.gid);
      await fh.chmod(st.mode & 0o7777);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, real);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** A scratch copy of text beside `file` (in a directory the caller made private), with `mode`. */
export async function scratchCopy(file: string, text: string, mode: number): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.agp-lint-${process.pid}-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
  await fs.chmod(tmp, mode & 0o777);
  return { file: tmp, remove: () => fs.rm(tmp, { force: true }) };
}
