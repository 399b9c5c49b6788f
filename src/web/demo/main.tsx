import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { embedWidget, loadDemoInfo, snippet, widgetAttributes, type DemoInfo } from './demo-info';
import { Shop } from './shop';
import { Tour } from './tour';
import './demo.css';

/** The demo site: a small shop with the widget embedded by its documented script tag, and the tour. */
function Demo() {
  const [info, setInfo] = useState<DemoInfo | null | undefined>(undefined);
  useEffect(() => {
    loadDemoInfo()
      .then((i) => {
        setInfo(i);
        if (i) embedWidget(widgetAttributes(i));
      })
      .catch(() => setInfo(null));
  }, []);
  return (
    <>
      <Shop />
      <aside className="demo" aria-label="About this demo">
        <h2>This is a Parley demo</h2>
        <p>
          The chat at the bottom right is Parley's customer widget, talking to this Parley server; agents answer in the{' '}
          <a href="/agent/">agent workspace</a>.
        </p>
        {info === undefined && <p>Loading…</p>}
        {info === null && <p>The demo details are only shown while Parley runs with its development keys.</p>}
        {info && (
          <>
            {!info.WidgetFlowOpen && <p className="warn">The inbound flow is not open to widgets (PARLEY_WIDGET_FLOWS), so the chat cannot start.</p>}
            <Tour info={info} />
            <h3>Embed it in your own pages</h3>
            <pre className="snippet">{snippet(widgetAttributes(info))}</pre>
            <p>
              Options and the client library: <code>docs/widget.md</code>.
            </p>
          </>
        )}
      </aside>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<Demo />);
