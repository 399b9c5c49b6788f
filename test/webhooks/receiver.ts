import http from 'node:http';
import type net from 'node:net';

/** How the receiver answers one request: a status, never (the request hangs), or by dropping the connection. */
export type Answer = number | 'hang' | 'reset';

/** One request the receiver got, as it got it. */
export interface Received {
  n: number;
  headers: http.IncomingHttpHeaders;
  delivery: string;
  event: string;
  timestamp: number;
  signature: string;
  body: string;
  answer: Answer;
}

/**
 * A real webhook receiver on 127.0.0.1. It answers the first requests as scripted (failures),
 * then with `otherwise` (200 by default). Tests wait for requests by count, never by time.
 */
export class Receiver {
  readonly requests: Received[] = [];
  private readonly waiters: { n: number; resolve: () => void }[] = [];
  private readonly sockets = new Set<net.Socket>();
  /** Responses held open by 'hang', until the sender gives up. */
  readonly hanging = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private script: Answer[],
    public otherwise: Answer,
  ) {}

  static async start(script: Answer[] = [], otherwise: Answer = 200): Promise<Receiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const r = new Receiver(server, `http://127.0.0.1:${port}/hooks/parley`, script, otherwise);
    server.on('connection', (s) => {
      r.sockets.add(s);
      s.on('close', () => r.sockets.delete(s));
    });
    server.on('request', (req, res) => r.handle(req, res));
    return r;
  }

  /** Answers the next requests with `answers`, then with `otherwise`. */
  answerNext(answers: Answer[], otherwise: Answer = this.otherwise): void {
    this.script = [...answers];
    this.otherwise = otherwise;
  }

  /** Resolves once `n` requests have arrived in all. */
  waitForRequests(n: number): Promise<void> {
    if (this.requests.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** The requests answered 2xx, in arrival order. */
  accepted(): Received[] {
    return this.requests.filter((r) => typeof r.answer === 'number' && r.answer >= 200 && r.answer < 300);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = this.script.length ? this.script.shift()! : this.otherwise;
      const h = req.headers;
      this.requests.push({
        n: this.requests.length + 1,
        headers: h,
        delivery: String(h['x-parley-delivery']),
        event: String(h['x-parley-event']),
        timestamp: Number(h['x-parley-timestamp']),
        signature: String(h['x-parley-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
        answer,
      });
      if (answer === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
      } else if (answer === 'reset') req.socket.destroy();
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end(String(answer));
      for (const w of this.waiters.splice(0)) {
        if (this.requests.length >= w.n) w.resolve();
        else this.waiters.push(w);
      }
    });
  }
}
