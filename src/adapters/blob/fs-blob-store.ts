import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/** Attachment bytes. The file-system adapter serves one node; a shared store is another adapter. */
export interface BlobStore {
  /**
   * Writes the stream, which must hold exactly `size` bytes: more or fewer fail and keep nothing
   * (an upload cut short must not pass for a complete one). A key is written once: when it
   * already holds bytes, BlobExistsError, and the stored bytes stay as they are.
   */
  put(key: string, body: Readable, size: number): Promise<void>;
  get(key: string): Readable;
  size(key: string): Promise<number | null>;
}

/** The key already holds bytes: the first complete write wins. */
export class BlobExistsError extends Error {
  constructor(key: string) {
    super(`blob ${key} already exists`);
    this.name = 'BlobExistsError';
  }
}

export class FsBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`bad blob key ${key}`);
    return path.join(this.dir, key);
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const file = this.file(key);
    // A temp file of its own per write: concurrent PUTs to one URL never write into each other.
    const tmp = `${file}.${randomUUID()}.part`;
    let n = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            n += chunk.length;
            if (n > size) throw new Error(`more than the expected ${size} bytes`);
            yield chunk;
          }
        },
        fs.createWriteStream(tmp, { flags: 'wx' }),
      );
      if (n !== size) throw new Error(`${n} bytes, not the expected ${size}`);
      await syncPath(tmp);
      // link, unlike rename, fails when the name exists: bytes in place (perhaps already approved
      // by CompleteAttachmentUpload) are never replaced by a later or slower upload.
      try {
        await fs.promises.link(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new BlobExistsError(key);
        throw e;
      }
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
    // The new name must survive a power loss too: flush the directory entry.
    await syncPath(this.dir);
  }

  get(key: string): Readable {
    return fs.createReadStream(this.file(key));
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(this.file(key))).size;
    } catch {
      return null;
    }
  }
}

/** fsync of a file or a directory (its entries). */
async function syncPath(p: string): Promise<void> {
  const fh = await fs.promises.open(p, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
