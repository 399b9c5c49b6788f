import { Link } from '../ui/link';

/** Switches between the two dashboards (each has its own address, so either can be bookmarked). */
export function DashboardsNav({ current }: { current: 'live' | 'historical' }) {
  return (
    <nav aria-label="Dashboards" className="dash-nav">
      <ul>
        <li>
          <Link to="/dashboards" current={current === 'live'}>
            Live queues
          </Link>
        </li>
        <li>
          <Link to="/dashboards/historical" current={current === 'historical'}>
            Historical metrics
          </Link>
        </li>
      </ul>
    </nav>
  );
}
