import { describeError } from '../ui/error-message';
import { DashboardsNav } from './dashboards-nav';
import { clockTime, minSec, NONE } from './format';
import type { BoardFigures, BoardMetric } from './metrics-api';
import { useLiveBoard } from './use-live-board';
import { Page } from '../ui/page';
import './dashboards.css';

/** The board's columns, grouped as the header shows them. */
const GROUPS: { label: string; columns: { metric: BoardMetric; label: string; title?: string }[] }[] = [
  {
    label: 'Contacts',
    columns: [
      { metric: 'CONTACTS_IN_QUEUE', label: 'In queue' },
      { metric: 'OLDEST_CONTACT_AGE', label: 'Oldest (m:ss)', title: 'How long the longest-waiting contact has been in queue' },
    ],
  },
  {
    label: 'Agents',
    columns: [
      { metric: 'AGENTS_ONLINE', label: 'Online' },
      { metric: 'AGENTS_AVAILABLE', label: 'Available' },
      { metric: 'AGENTS_ON_CONTACT', label: 'On contact' },
      { metric: 'AGENTS_AFTER_CONTACT_WORK', label: 'ACW', title: 'Contacts in after-contact work (Connect counts contacts here, not agents)' },
      { metric: 'AGENTS_ERROR', label: 'Error', title: 'Agents holding a missed or rejected contact' },
      { metric: 'AGENTS_NON_PRODUCTIVE', label: 'Non-productive', title: 'Agents online in a custom status such as Break' },
    ],
  },
  {
    label: 'Slots',
    columns: [
      { metric: 'SLOTS_ACTIVE', label: 'Active' },
      { metric: 'SLOTS_AVAILABLE', label: 'Available' },
    ],
  },
];
const COLUMNS = GROUPS.flatMap((g) => g.columns);

function cell(m: BoardMetric, f: BoardFigures): string {
  // No contact waiting has no oldest age: "–" rather than a misleading 0:00.
  if (m === 'OLDEST_CONTACT_AGE') return f.CONTACTS_IN_QUEUE ? minSec(f[m]) : NONE;
  return String(f[m]);
}

function Figures({ f }: { f: BoardFigures }) {
  return (
    <>
      {COLUMNS.map((c) => (
        <td key={c.metric} className="num" data-metric={c.metric}>
          {cell(c.metric, f)}
        </td>
      ))}
    </>
  );
}

/**
 * The live queue board: per standard queue the contacts waiting, the oldest one's age and the
 * agents by state, with the instance totals, as the server pushes them (no reload). While the
 * connection is down it says so and keeps the last figures, dimmed.
 */
export function LiveBoardPage() {
  const { board, status, error } = useLiveBoard();
  const stateText = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <Page title="Dashboards: live queues">
      <DashboardsNav current="live" />
      <p className="live-line">
        <span role="status" className={`live-state ${status}`}>
          {stateText}
        </span>
        {board && <span className="muted"> updated {clockTime(board.DataSnapshotTime)}</span>}
      </p>
      {/* Not an alert that takes the focus: the status above already announces the loss, and a retry every few seconds must not pull the focus away. */}
      {status === 'reconnecting' && error !== undefined && <p className="warning">The live connection failed. {describeError(error)}</p>}
      {board && (
        <table className={`board${status === 'live' ? '' : ' stale'}`}>
          <caption>Queues now ({board.Queues.length}), channels chat and task</caption>
          <thead>
            <tr>
              <td />
              {GROUPS.map((g) => (
                <th key={g.label} scope="colgroup" colSpan={g.columns.length}>
                  {g.label}
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col">Queue</th>
              {COLUMNS.map((c) => (
                <th key={c.metric} scope="col" className="num" title={c.title}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {board.Queues.map((q) => (
              <tr key={q.Id} data-queue-id={q.Id}>
                <th scope="row">{q.Name}</th>
                <Figures f={q.Metrics} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-queue-id="total">
              <th scope="row">All queues</th>
              <Figures f={board.Totals} />
            </tr>
          </tfoot>
        </table>
      )}
      {board && !board.Queues.length && <p className="empty">This instance has no queues yet.</p>}
      <p className="muted small">
        An agent counts in every queue its routing profile serves; the “All queues” row counts each agent once. ACW counts contacts in after-contact work.
      </p>
    </Page>
  );
}
