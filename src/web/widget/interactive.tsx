/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

interface Element {
  title?: string;
  subtitle?: string;
  imageData?: string;
  imageDescription?: string;
}
interface Slot {
  date?: string;
  duration?: number;
}
interface Template {
  templateType?: string;
  data?: { content?: { title?: string; subtitle?: string; elements?: Element[]; timeslots?: Slot[] } & Element } & Element & { elements?: Element[] };
}

/** Images only over https: a template must not make the page load from anywhere else. */
const Img = ({ src, alt }: { src?: string; alt?: string }) =>
  src && /^https:\/\//.test(src) ? <img src={src} alt={alt ?? ''} referrerpolicy="no-referrer" loading="lazy" /> : null;

/** When the slot starts, in the reader's language and time zone. */
const slotText = (s: Slot, lang: string) => {
  const t = Date.parse(s.date ?? '');
  if (Number.isNaN(t)) return s.date ?? '';
  return new Date(t).toLocaleString(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
};

/**
 * An interactive message (application/vnd.amazonaws.connect.message.interactive): a list
 * picker, time picker, panel or quick reply shown as buttons. A choice is answered as a
 * text/plain message with the option's title (or the slot's time), which bots and flows read
 * as the customer's input. Answered or old pickers are shown disabled.
 */
export function Interactive({ content, lang, answer, onReply }: { content: string; lang: string; answer: string | null; onReply: (text: string) => void }): VNode {
  const [picked, setChosen] = useState<string | null>(null);
  // What the customer answered, here or on another device: the next message of theirs.
  const chosen = picked ?? answer;
  let t: Template = {};
  try {
    t = JSON.parse(content) as Template;
  } catch {
    // shown as a title-less picker below
  }
  const c = { ...t.data, ...t.data?.content };
  const done = chosen !== null;
  const pick = (text: string) => {
    if (done) return;
    setChosen(text);
    onReply(text);
  };
  const options: { label: string; sub?: string; img?: Element }[] =
    t.templateType === 'TimePicker'
      ? (c.timeslots ?? []).map((s) => ({ label: slotText(s, lang), sub: s.duration ? `${s.duration} min` : undefined }))
      : (c.elements ?? []).map((e) => ({ label: e.title ?? '', sub: e.subtitle, img: e }));
  return (
    <div class="picker" role="group" aria-label={c.title ?? t.templateType ?? 'Options'}>
      <Img src={c.imageData} alt={c.imageDescription} />
      {c.title && <div class="picker-title">{c.title}</div>}
      {c.subtitle && <div class="picker-sub">{c.subtitle}</div>}
      <div class="picker-options">
        {options
          .filter((o) => o.label)
          .map((o) => (
            <button type="button" disabled={done} aria-pressed={chosen === o.label} onClick={() => pick(o.label)}>
              <Img src={o.img?.imageData} alt={o.img?.imageDescription} />
              <span>{o.label}</span>
              {o.sub && <small>{o.sub}</small>}
            </button>
          ))}
      </div>
    </div>
  );
}
