/**
 * A tiny Markdown reader for chat messages (text/markdown): paragraphs and line breaks, bullet
 * and numbered lists, block quotes, fenced code, and inline bold, italic, strike-through, code,
 * links and bare URLs. It produces a tree, never HTML: the view renders text as text, so markup
 * in a message (`<script>`, `<img onerror>`) shows as the characters it is. Links keep only
 * http, https and mailto targets.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong' | 'em' | 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'pre'; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'ul' | 'ol'; items: Inline[][] };

/** The link target if it is safe to follow, else null. */
export function safeHref(href: string): string | null {
  try {
    const u = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

const INLINE: { re: RegExp; make: (m: RegExpExecArray) => Inline | null }[] = [
  { re: /`([^`\n]+)`/, make: (m) => ({ t: 'code', v: m[1] }) },
  {
    re: /\[([^\]\n]+)\]\(([^()\s]+)\)/,
    make: (m) => {
      const href = safeHref(m[2]);
      return href ? { t: 'link', href, c: inline(m[1]) } : null;
    },
  },
  { re: /\*\*(?=\S)([\s\S]*?\S)\*\*/, make: (m) => ({ t: 'strong', c: inline(m[1]) }) },
  { re: /__(?=\S)([\s\S]*?\S)__/, make: (m) => ({ t: 'strong', c: inline(m[1]) }) },
  { re: /~~(?=\S)([\s\S]*?\S)~~/, make: (m) => ({ t: 'del', c: inline(m[1]) }) },
  { re: /\*(?=\S)([^*]*?\S)\*/, make: (m) => ({ t: 'em', c: inline(m[1]) }) },
  { re: /(?<![\p{L}\p{N}])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}])/u, make: (m) => ({ t: 'em', c: inline(m[1]) }) },
  {
    re: /\bhttps?:\/\/[^\s<>()]*[^\s<>().,;:!?'"]/,
    make: (m) => {
      const href = safeHref(m[0]);
      return href ? { t: 'link', href, c: [{ t: 'text', v: m[0] }] } : null;
    },
  },
];

/** Inline spans of one block's text; a newline becomes a line break. */
export function inline(text: string): Inline[] {
  const out: Inline[] = [];
  const pushText = (v: string) => {
    v.split('\n').forEach((line, i) => {
      if (i > 0) out.push({ t: 'br' });
      if (line) out.push({ t: 'text', v: line });
    });
  };
  let rest = text;
  while (rest) {
    let best: { index: number; length: number; node: Inline } | null = null;
    for (const { re, make } of INLINE) {
      const m = re.exec(rest);
      if (!m || (best && m.index >= best.index)) continue;
      const node = make(m);
      if (node) best = { index: m.index, length: m[0].length, node };
    }
    if (!best) break;
    pushText(rest.slice(0, best.index));
    out.push(best.node);
    rest = rest.slice(best.index + best.length);
  }
  pushText(rest);
  return out;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;

/** The blocks of a message. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      const body: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) body.push(lines[i]);
      i++;
      blocks.push({ t: 'pre', v: body.join('\n') });
    } else if (/^\s*>/.test(line)) {
      const body: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++) body.push(lines[i].replace(/^\s*>\s?/, ''));
      blocks.push({ t: 'quote', c: parseMarkdown(body.join('\n')) });
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const re = BULLET.test(line) ? BULLET : NUMBERED;
      const items: Inline[][] = [];
      for (; i < lines.length && re.test(lines[i]); i++) items.push(inline(re.exec(lines[i])![1]));
      blocks.push({ t: re === BULLET ? 'ul' : 'ol', items });
    } else if (!line.trim()) {
      i++;
    } else {
      const body: string[] = [];
      for (; i < lines.length && lines[i].trim() && !/^\s*(```|>)/.test(lines[i]) && !BULLET.test(lines[i]) && !NUMBERED.test(lines[i]); i++)
        body.push(lines[i].replace(/^\s*#{1,6}\s+/, ''));
      blocks.push({ t: 'p', c: inline(body.join('\n')) });
    }
  }
  return blocks;
}
