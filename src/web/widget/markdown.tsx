/** @jsxImportSource preact */
import type { ComponentChildren, VNode } from 'preact';

/**
 * A tiny, safe markdown renderer: **bold**, *italic*, `code`, [links](https://…), bare URLs,
 * line breaks, "- " and "1. " lists. It builds elements, never HTML strings: the text of a
 * message only ever becomes text nodes, so markup in it is shown, not run, and no innerHTML is
 * used anywhere. Links are kept only for http(s), mailto and tel.
 */
export function Markdown({ text, plain = false }: { text: string; plain?: boolean }): VNode {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return <div class="md">{blocks.map((b) => block(b, plain))}</div>;
}

const SAFE_URL = /^(https?:\/\/|mailto:|tel:)/i;

function block(text: string, plain: boolean): VNode {
  const lines = text.split('\n');
  if (!plain && lines.every((l) => /^\s*[-*]\s+/.test(l))) return <ul>{lines.map((l) => <li>{inline(l.replace(/^\s*[-*]\s+/, ''), plain)}</li>)}</ul>;
  if (!plain && lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) return <ol>{lines.map((l) => <li>{inline(l.replace(/^\s*\d+[.)]\s+/, ''), plain)}</li>)}</ol>;
  const out: ComponentChildren[] = [];
  lines.forEach((l, i) => {
    if (i) out.push(<br />);
    out.push(...inline(l, plain));
  });
  return <p>{out}</p>;
}

const TOKEN = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)|(\[[^\]\n]+\]\([^)\s]+\))|((?:https?:\/\/|www\.)[^\s<]*[^\s<.,;:!?)\]'"])/g;

function link(href: string, label: ComponentChildren): VNode | string {
  const url = href.startsWith('www.') ? `https://${href}` : href;
  if (!SAFE_URL.test(url)) return typeof label === 'string' ? label : href;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}

/** Inline markup of one line; with `plain` only links are recognised (text/plain messages). */
export function inline(text: string, plain = false): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const [whole, code, bold, italic, mdLink, url] = m;
    const at = m.index ?? 0;
    if (plain && !url) continue;
    if (at > last) out.push(text.slice(last, at));
    if (code) out.push(<code>{code.slice(1, -1)}</code>);
    else if (bold) out.push(<strong>{inline(bold.slice(2, -2))}</strong>);
    else if (italic) out.push(<em>{inline(italic.slice(1, -1))}</em>);
    else if (mdLink) {
      const split = mdLink.indexOf('](');
      out.push(link(mdLink.slice(split + 2, -1), mdLink.slice(1, split)));
    } else if (url) out.push(link(url, url));
    else out.push(whole);
    last = at + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
