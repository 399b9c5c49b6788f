import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { hashToken } from '../adapters/ids.js';
import { itemsAfter } from '../adapters/store/items-repo.js';
import { EVENT_TYPES } from '../core/chat/content-types.js';
import type { StoredItem } from '../core/chat/items.js';
import type { Deps } from '../app/deps.js';
import { receiveCommitted } from '../app/chat/committed-items.js';
import { presentSocketItem } from '../app/chat/present-item.js';
import { TOPICS, chatFrame, heartbeatBytes, heartbeatFrame, isChatjsHeartbeat, pingFrame, subscribedFrame, topicOf } from './frames.js';
import { PingSweep } from './ping-sweep.js';
import { RecentItems } from './recent-items.js';

interface Sock {
  ws: WebSocket;
  participantId: string;
  chatId: string;
  subscribed: boolean;
  /** The last seq sent on this socket: items are sent in order, each once. */
  sent: number;
  heard: boolean;
  pinged: boolean;
}

/** A Buffer sent as a text frame. */
const TEXT = { binary: false };

/** Close code of a socket whose chat ended or whose participant left: intentional, do not reconnect. */
const CLOSE_DONE = 1000;

/**
 * The participant sockets of this node. Delivers only what is already in the store: on a bus
 * notification it reads the chat's items after what each socket was sent, once per chat, unless
 * this node committed them itself and still holds them (recent-items.ts).
 */
export class ChatHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly byChat = new Map<string, Set<Sock>>();
  private readonly perParticipant = new Map<string, number>();
  private readonly flushing = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  /** Chats a socket subscribed to since their last flush: it may be behind what was announced, so the store is read. */
  private readonly reread = new Set<string>();
  private readonly recent = new RecentItems();
  /** Sockets that stopped answering protocol pings are dropped, so their slot frees up. */
  private readonly pings = new PingSweep<Sock>();
  private readonly unsubscribe: () => void;
  private readonly unreceive: () => void;

  constructor(private readonly deps: Deps, private readonly log: (msg: string, e?: unknown) => void) {
    this.unsubscribe = deps.bus.subscribe((chatId, seq) => {
      if (this.byChat.has(chatId)) this.recent.announce(chatId, seq);
      this.notify(chatId);
    });
    this.unreceive = receiveCommitted(deps.bus, (chatId, items) => {
      if (this.byChat.has(chatId)) this.recent.add(chatId, items);
    });
  }

  get size(): number {
    let n = 0;
    for (const s of this.byChat.values()) n += s.size;
    return n;
  }

  /**
   * Handles an HTTP upgrade to /ws/v1/chat?ticket=…; refuses unknown or expired tickets, and chats
   * that ended or are past their deadline (whose timer may not have fired yet).
   */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ message: text })}`);
    };
    try {
      const row = await this.deps.db.kysely
        .selectFrom('socket_tickets')
        .innerJoin('participants', 'participants.id', 'socket_tickets.participant_id')
        .innerJoin('chats', 'chats.id', 'socket_tickets.chat_id')
        .select(['socket_tickets.participant_id', 'socket_tickets.chat_id', 'socket_tickets.expires_at', 'socket_tickets.from_seq', 'participants.left_at', 'chats.ended_at', 'chats.deadline_at'])
        .where('socket_tickets.ticket_hash', '=', hashToken(ticket))
        .executeTakeFirst();
      if (!row || Number(row.expires_at) < Date.now() || row.left_at !== null || row.ended_at !== null || Number(row.deadline_at) <= this.deps.clock.now())
        return refuse(403, 'Forbidden');
      if ((this.perParticipant.get(row.participant_id) ?? 0) >= this.deps.config.maxSocketsPerParticipant) return refuse(429, 'Too many connections');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, row.participant_id, row.chat_id, Number(row.from_seq)));
    } catch (e) {
      this.log('socket upgrade failed', e);
      refuse(500, 'Internal error');
    }
  }

  private attach(ws: WebSocket, participantId: string, chatId: string, from: number): void {
    const sock: Sock = { ws, participantId, chatId, subscribed: false, sent: from, heard: true, pinged: false };
    let set = this.byChat.get(chatId);
    if (!set) this.byChat.set(chatId, (set = new Set()));
    set.add(sock);
    this.pings.add(sock);
    this.perParticipant.set(participantId, (this.perParticipant.get(participantId) ?? 0) + 1);
    ws.on('pong', () => (sock.heard = true));
    ws.on('message', (data, isBinary) => {
      sock.heard = true;
      if (isBinary) return;
      if (isChatjsHeartbeat(data)) return void ws.send(heartbeatBytes, TEXT);
      const topic = topicOf(data.toString());
      if (topic === TOPICS.heartbeat) ws.send(heartbeatFrame);
      else if (topic === TOPICS.ping) ws.send(pingFrame);
      else if (topic === TOPICS.subscribe) {
        ws.send(subscribedFrame);
        sock.subscribed = true;
        this.reread.add(chatId);
        this.notify(chatId);
      } else if (topic === TOPICS.unsubscribe) sock.subscribed = false;
    });
    ws.on('close', () => this.detach(sock));
    ws.on('error', () => this.detach(sock));
  }

  private detach(sock: Sock): void {
    this.pings.delete(sock);
    const set = this.byChat.get(sock.chatId);
    if (!set?.delete(sock)) return;
    if (!set.size) {
      this.byChat.delete(sock.chatId);
      this.recent.forget(sock.chatId);
      this.reread.delete(sock.chatId);
    }
    const n = (this.perParticipant.get(sock.participantId) ?? 1) - 1;
    if (n) this.perParticipant.set(sock.participantId, n);
    else this.perParticipant.delete(sock.participantId);
  }

  /** A chat has new items: send them to its subscribed sockets, one store read per chat at a time. */
  notify(chatId: string): void {
    if (!this.byChat.has(chatId)) return;
    if (this.flushing.has(chatId)) {
      this.dirty.add(chatId);
      return;
    }
    // What this node committed itself goes out at once, without a store read.
    try {
      if (this.sendHeld(chatId)) return;
    } catch (e) {
      return this.log(`delivery to chat ${chatId} failed`, e);
    }
    const run = this.flush(chatId)
      .catch((e) => this.log(`delivery to chat ${chatId} failed`, e))
      .finally(() => {
        this.flushing.delete(chatId);
        if (this.dirty.delete(chatId)) this.notify(chatId);
      });
    this.flushing.set(chatId, run);
  }

  private subscribed(chatId: string): Sock[] {
    return [...(this.byChat.get(chatId) ?? [])].filter((s) => s.subscribed);
  }

  /** Sends what the sockets miss from memory (recent-items.ts); false when the store must be read. */
  private sendHeld(chatId: string): boolean {
    const socks = this.subscribed(chatId);
    if (!socks.length) return true;
    if (this.reread.has(chatId)) return false;
    const held = this.recent.after(chatId, Math.min(...socks.map((s) => s.sent)));
    if (!held) return false;
    this.send(chatId, socks, held);
    return true;
  }

  private async flush(chatId: string): Promise<void> {
    for (;;) {
      const socks = this.subscribed(chatId);
      if (!socks.length) return;
      const from = Math.min(...socks.map((s) => s.sent));
      const held = this.reread.delete(chatId) ? null : this.recent.after(chatId, from);
      const items = held ?? (await itemsAfter(this.deps.db.kysely, chatId, from));
      if (!items.length) return;
      this.send(chatId, socks, items);
      if (held || items.length < 500) return;
    }
  }

  /** Sends items in order, each once per socket. */
  private send(chatId: string, socks: Sock[], items: readonly StoredItem[]): void {
    // Sockets whose chat ended or whose participant left close after the batch: what was
    // written with the leave (chat.ended follows the customer's participant.left) still goes out.
    const done = new Set<Sock>();
    for (const item of items) {
      const frame = chatFrame(presentSocketItem(item));
      const ends = item.contentType === EVENT_TYPES.chatEnded;
      for (const s of socks) {
        if (item.seq <= s.sent || s.ws.readyState !== s.ws.OPEN) continue;
        s.ws.send(frame);
        s.sent = item.seq;
        if (ends || (item.contentType === EVENT_TYPES.left && item.participantId === s.participantId)) done.add(s);
      }
    }
    for (const s of done) s.ws.close(CLOSE_DONE, 'chat ended or participant left');
    this.recent.sent(chatId, Math.min(...socks.map((s) => s.sent)));
  }

  /**
   * Test support: cuts every socket of a participant on this node the way a network drop does
   * (no close frame, the client sees 1006), so that clients must reconnect. Returns how many.
   */
  dropSockets(participantId: string): number {
    let n = 0;
    for (const set of this.byChat.values())
      for (const s of set)
        if (s.participantId === participantId) {
          s.ws.terminate();
          n++;
        }
    return n;
  }

  /** Closes every socket (going away: clients reconnect elsewhere) and stops listening to the bus. */
  async close(): Promise<void> {
    this.pings.stop();
    this.unsubscribe();
    this.unreceive();
    await Promise.allSettled(this.flushing.values());
    for (const set of this.byChat.values()) for (const s of set) s.ws.close(1001, 'server shutting down');
    this.wss.close();
  }
}
