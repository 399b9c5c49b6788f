import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { StaticFile } from './browser.js';

/** A chat item as chatjs hands it to callbacks (the fields the test reads). */
export interface PageItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  ParticipantId?: string;
  ParticipantRole?: string;
  AbsoluteTime?: string;
  MessageMetadata?: { MessageId?: string; Receipts?: { ReadTimestamp?: string; DeliveredTimestamp?: string; RecipientParticipantId?: string }[] };
}

/** What the page records from chatjs' callbacks, and from its sockets for the protocol checks. */
export interface PageState {
  messages: PageItem[];
  readReceipts: PageItem[];
  /** chatjs 5's own transcript (onTranscriptUpdated), which it refills with GetTranscript on every (re)connect. */
  transcript: PageItem[];
  established: number;
  lost: number;
  broken: number;
  ended: number;
  sockets: { url: string; sent: string[]; received: string[]; closeCode: number | null }[];
}

/** The driver the page exposes as window.harness; the test calls it through page.evaluate. */
export interface Harness {
  state: PageState;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- chatjs' session object; its d.ts is not loaded in the page
  session: any;
  /** Promises started in one evaluate and awaited in a later one (e.g. across a clock jump). */
  pending: Record<string, Promise<unknown>>;
  start(endpoint: string, chatDetails: { ContactId: string; ParticipantId: string; ParticipantToken: string }): Promise<boolean>;
}

declare global {
  interface Window {
    harness: Harness;
  }
}

/**
 * Records every frame of every WebSocket the page opens (installed before chatjs loads), so the
 * test can wait until chatjs has seen the server's heartbeat replies before moving time on.
 * Listeners run in registration order, so a frame is recorded before chatjs handles it.
 */
const socketRecorder = `
(() => {
  const Native = window.WebSocket;
  const sockets = [];
  window.__sockets = sockets;
  const topic = (d) => { try { return JSON.parse(d).topic || '(none)'; } catch { return '(unparsable)'; } };
  class RecordingWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const rec = { url: String(url), sent: [], received: [], closeCode: null };
      sockets.push(rec);
      this.addEventListener('message', (e) => rec.received.push(topic(e.data)));
      this.addEventListener('close', (e) => { rec.closeCode = e.code; });
      const send = this.send.bind(this);
      this.send = (d) => { rec.sent.push(topic(d)); send(d); };
    }
  }
  window.WebSocket = RecordingWebSocket;
})();`;

/** A minimal customer chat page: chatjs set up as spec §5.7 says, a list of what chatjs shows. */
const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>chatjs on Parley</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 16px; }
  #status { color: #555; margin-bottom: 8px; }
  li { margin: 2px 0; } .CUSTOMER { color: #0a5; } .CUSTOM_BOT { color: #06c; } .SYSTEM { color: #888; }
</style>
<script>${socketRecorder}</script>
<script src="/chatjs.js"></script>
</head><body>
<h1>Customer chat (amazon-connect-chatjs)</h1>
<div id="status">not connected</div>
<ul id="log"></ul>
<script>
(() => {
  const state = { messages: [], readReceipts: [], transcript: [], established: 0, lost: 0, broken: 0, ended: 0, sockets: window.__sockets };
  const render = () => {
    document.getElementById('status').textContent =
      'established ' + state.established + ', lost ' + state.lost + ', ended ' + state.ended + ', read receipts ' + state.readReceipts.length;
    document.getElementById('log').innerHTML = state.transcript
      .map((i) => '<li class="' + i.ParticipantRole + '">' + i.ParticipantRole + ': ' +
        (i.Type === 'MESSAGE' ? i.Content : i.ContentType.replace('application/vnd.amazonaws.connect.event.', '')) + '</li>')
      .join('');
  };
  window.harness = {
    state,
    session: null,
    pending: {},
    async start(endpoint, chatDetails) {
      // The endpoint override must be set before the first create: chatjs caches its client per region.
      connect.ChatSession.setGlobalConfig({ region: 'us-east-1', endpoint });
      const session = connect.ChatSession.create({ chatDetails, type: 'CUSTOMER', disableCSM: true, options: { region: 'us-east-1' } });
      this.session = session;
      session.onMessage((e) => { state.messages.push(e.data); render(); });
      session.onReadReceipt((e) => { state.readReceipts.push(e.data); render(); });
      session.onTranscriptUpdated((e) => { state.transcript = e.data.transcript; render(); });
      session.onConnectionEstablished(() => { state.established++; render(); });
      session.onConnectionLost(() => { state.lost++; render(); });
      session.onConnectionBroken(() => { state.broken++; render(); });
      session.onEnded(() => { state.ended++; render(); });
      const r = await session.connect();
      return r.connectSuccess === true;
    },
  };
})();
</script>
</body></html>`;

/** The files the page server serves: the page and the chatjs browser bundle from node_modules. */
export function chatjsPageFiles(): Record<string, StaticFile> {
  const bundle = createRequire(import.meta.url).resolve('amazon-connect-chatjs');
  return {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/chatjs.js': { type: 'text/javascript; charset=utf-8', body: fs.readFileSync(bundle) },
  };
}
