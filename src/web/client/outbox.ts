import { backoffDelay, ParticipantApiError, randomToken } from './participant-api';
import type { PendingMessage } from './types';

type Call = <T>(path: string, body: unknown) => Promise<T>;
interface Posted {
  Id: string;
  AbsoluteTime: string;
}

/**
 * Messages on their way to the server, sent one at a time in the order given. A network failure,
 * throttling or a server error is retried with the same ClientToken (the server answers a repeat
 * with the first result), so a message the user sent offline goes out once when the network is
 * back. A message the server refuses (too long, chat ended) is marked failed and rejected.
 */
export class Outbox {
  readonly pending: PendingMessage[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private sleepers = new Set<() => void>();
  private stopped: string | null = null;
  /** The chat refused markdown once: send plain text from then on. */
  private plainOnly = false;

  constructor(
    private readonly call: Call,
    private readonly changed: () => void,
  ) {}

  /** A connection token exists (again): waiting sends try now. */
  ready(): void {
    this.wake();
  }

  /** Ends every wait at once (online again). */
  wake(): void {
    for (const s of [...this.sleepers]) s();
  }

  /** No more sends: those waiting fail with `reason`. */
  fail(reason: string): void {
    this.stopped = reason;
    for (const p of this.pending) if (!p.id) p.failed = reason;
    this.wake();
    this.changed();
  }

  /** Drops a failed message from `pending`. */
  dismiss(clientToken: string): void {
    const i = this.pending.findIndex((p) => p.clientToken === clientToken && p.failed);
    if (i >= 0) this.pending.splice(i, 1);
    this.changed();
  }

  /** Forgets the messages whose echo is in the transcript. */
  prune(arrived: (id: string) => boolean): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const id = this.pending[i].id;
      if (id && arrived(id)) this.pending.splice(i, 1);
    }
  }

  send(content: string, contentType: string, acked: (id: string) => void): Promise<Posted> {
    const p: PendingMessage = { clientToken: randomToken(), content, contentType };
    this.pending.push(p);
    this.changed();
    const run = this.chain.then(() => this.deliver(p));
    this.chain = run.catch(() => undefined);
    return run.then((r) => {
      acked(r.Id);
      return r;
    });
  }

  private async deliver(p: PendingMessage): Promise<Posted> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) throw this.failed(p, this.stopped);
      const type = this.plainOnly && p.contentType === 'text/markdown' ? 'text/plain' : p.contentType;
      try {
        const r = await this.call<Posted>('/participant/message', { ContentType: type, Content: p.content, ClientToken: p.clientToken });
        p.id = r.Id;
        this.changed();
        return r;
      } catch (e) {
        const err = e instanceof ParticipantApiError ? e : new ParticipantApiError(0, 'NetworkError', String(e));
        if (err.status === 400 && type === 'text/markdown' && /SupportedMessagingContentTypes/.test(err.message)) {
          this.plainOnly = true;
          continue;
        }
        if (!err.retryable) throw this.failed(p, err.message);
        await this.sleep(backoffDelay(attempt));
      }
    }
  }

  private failed(p: PendingMessage, reason: string): Error {
    p.failed = reason;
    this.changed();
    return new Error(reason);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
