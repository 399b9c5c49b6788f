/** @jsxImportSource preact */
import { render } from 'preact';
import { App } from './app';
import { WidgetController } from './controller';
import { readOptions, type WidgetOptions } from './options';
import { CSS } from './styles';

export { ChatSession } from '../client/chat-session';
export { ParticipantApiError } from '../client/participant-api';

/**
 * Mounts a widget with these options (the data- attributes' defaults for the rest) in its own
 * shadow root: the page's styles stay out, its theme custom properties come in. Answers the
 * controller, whose state a page may observe.
 */
export function mount(given: Partial<WidgetOptions>, host: HTMLElement = document.body.appendChild(document.createElement('div'))): WidgetController {
  const options: WidgetOptions = { ...readOptions(null), ...given };
  host.setAttribute('data-parley-widget', '');
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = CSS.replace('--parley-accent,#1f5fbf', `--parley-accent,${options.color.replace(/[;{}<>]/g, '')}`);
  root.appendChild(style);
  const c = new WidgetController(options);
  c.init();
  const mountPoint = document.createElement('div');
  root.appendChild(mountPoint);
  render(<App c={c} />, mountPoint);
  return c;
}

// The documented embedding: <script src=".../widget.js" data-instance-id=… data-flow-id=…>.
// `document.currentScript` is only set while the script runs, so it is read first.
const script = document.currentScript as HTMLScriptElement | null;
if (script?.dataset.instanceId) {
  const go = () => mount(readOptions(script));
  if (document.body) go();
  else document.addEventListener('DOMContentLoaded', go, { once: true });
}
