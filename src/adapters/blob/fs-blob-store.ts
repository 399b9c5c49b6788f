import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/** Attachment bytes. The file-system adapter serves one node; a shared store is another adapter. */
export interface BlobStore {
  /**
   * Writes the stream, which must hold exactly `size` bytes: more or fewer fail and keep nothing
   * (an upload cut short must not pass for a complete one).
   */
  put(key: string, body: Readable, size: number): Promise<void>;
  get(key: string): Readable;
  size(key: string): Promise<number | null>;
}

export class FsBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`bad blob key ${key}`);
    return path.join(this.dir, key);
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(key)}.part`;
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
        fs.createWriteStream(tmp),
      );
      if (n !== size) throw new Error(`${n} bytes, not the expected ${size}`);
      const fh = await fs.promises.open(tmp, 'r');
      await fh.sync();
      await fh.close();
      await fs.promises.rename(tmp, this.file(key));
    } catch (e) {
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
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
