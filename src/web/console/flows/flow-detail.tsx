import { useMemo, useState } from 'react';
import { useConsole } from '../context';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useLoad } from '../ui/use-load';
import { FlowGraphView } from './flow-graph';
import { hasSavedPositions, layered, saved } from './flow-layout';
import { readFlow } from './flow-model';
import { FlowOutline } from './flow-outline';

/** One flow: its facts, its graph (layered, or as the flow designer placed the blocks), an outline and the raw content. */
export function FlowDetail({ id }: { id: string }) {
  const { api } = useConsole();
  const flow = useLoad(() => api.describeFlow(id), `flow:${id}`);
  const read = useMemo(() => (flow.data ? readFlow(flow.data.Content) : undefined), [flow.data]);
  const [asSaved, setAsSaved] = useState(false);
  const [fit, setFit] = useState<boolean | null>(null);
  const graph = read && 'graph' in read ? read.graph : null;
  const canUseSaved = graph ? hasSavedPositions(graph) : false;
  const layout = useMemo(() => (graph ? (asSaved && canUseSaved ? saved(graph) : layered(graph)) : null), [graph, asSaved, canUseSaved]);
  if (!flow.data || !read)
    return (
      <Page title="Flow">
        <Pending error={flow.error} what="flow" />
      </Page>
    );
  const f = flow.data;
  // A small flow fits the page by default; a big one stays readable at full size, and scrolls.
  const fitted = fit ?? (layout ? layout.width <= 1600 : false);
  return (
    <Page title={`Flow: ${f.Name}`} actions={<Link to="/flows">All flows</Link>}>
      <dl className="facts">
        <dt>Type</dt>
        <dd>{f.Type}</dd>
        <dt>State</dt>
        <dd>
          {f.State}
          {f.Status ? `, ${f.Status}` : ''}
        </dd>
        <dt>Description</dt>
        <dd>{f.Description || '—'}</dd>
        <dt>Id</dt>
        <dd className="mono">{f.Id}</dd>
      </dl>
      {!graph || !layout ? (
        <p className="error">{'error' in read ? read.error : ''}</p>
      ) : (
        <>
          <div className="graph-options">
            <label className="check">
              <input type="checkbox" checked={fitted} onChange={(e) => setFit(e.target.checked)} /> Fit the drawing to the page
            </label>
            {canUseSaved && (
              <label className="check">
                <input type="checkbox" checked={asSaved} onChange={(e) => setAsSaved(e.target.checked)} /> Place the blocks as the flow designer saved them
              </label>
            )}
          </div>
          <FlowGraphView graph={graph} layout={layout} fit={fitted} />
          <FlowOutline graph={graph} />
        </>
      )}
      <details className="outline">
        <summary>Content (JSON)</summary>
        <pre className="content">{f.Content}</pre>
      </details>
    </Page>
  );
}
