/** One Server-Sent Event: its type (`message` when unnamed) and data lines joined by newlines. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream incrementally (the WHATWG format: lines end with CRLF, LF or CR; a
 * blank line ends an event; `:` starts a comment). Feed it decoded text in whatever pieces the
 * network delivers; it returns the events completed so far. `retry` keeps the server's reconnect delay.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  retry: number | undefined;

  /** A CR ended the last piece: an LF starting the next one is the rest of that CRLF, not a blank line. */
  private afterCr = false;

  feed(text: string): SseEvent[] {
    this.buffer += this.afterCr && text.startsWith('\n') ? text.slice(1) : text;
    this.afterCr = false;
    const out: SseEvent[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      if (!m) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (m[0] === '\r' && !this.buffer) this.afterCr = true;
      if (line === '') {
        if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    }
    return out;
  }
}
