import { useConsole } from './context';
import { DashboardsSubpage } from './dashboards/dashboards-subpage';
import { LiveBoardPage } from './dashboards/live-board';
import { FlowDetail } from './flows/flow-detail';
import { FlowsPage } from './flows/flows-page';
import { HoursDetail } from './hours/hours-detail';
import { HoursPage } from './hours/hours-page';
import { QueueDetail } from './queues/queue-detail';
import { QueuesPage } from './queues/queues-page';
import { match, usePath } from './router';
import { RoutingProfileDetail } from './routing-profiles/routing-profile-detail';
import { RoutingProfilesPage } from './routing-profiles/routing-profiles-page';
import { Link } from './ui/link';
import { Page } from './ui/page';
import { UserDetail } from './users/user-detail';
import { UsersPage } from './users/users-page';

const SECTIONS = [
  { path: '/queues', label: 'Queues', list: QueuesPage, detail: QueueDetail },
  { path: '/hours', label: 'Hours of operation', list: HoursPage, detail: HoursDetail },
  { path: '/routing-profiles', label: 'Routing profiles', list: RoutingProfilesPage, detail: RoutingProfileDetail },
  { path: '/users', label: 'Users', list: UsersPage, detail: UserDetail },
  { path: '/flows', label: 'Flows', list: FlowsPage, detail: FlowDetail },
  { path: '/dashboards', label: 'Dashboards', list: LiveBoardPage, detail: DashboardsSubpage, need: 'supervise' },
];

/** The logged-in console: header (who, what they may do, log out), navigation, and the page of the address. */
export function Shell({ onLogout }: { onLogout: () => void }) {
  const { session, canWrite } = useConsole();
  const path = usePath();
  const at = path === '/' ? '/queues' : path;
  // Dashboards need `supervise`: a session with `configure` alone does not see them.
  const sections = SECTIONS.filter((s) => !s.need || session.permissions.includes(s.need));
  const section = sections.find((s) => at === s.path || at.startsWith(`${s.path}/`));
  const id = section ? match(`${section.path}/:id`, at)?.id : undefined;
  let page;
  if (!section) page = <Page title="Not found">There is no page at this address.</Page>;
  else if (id) page = <section.detail key={id} id={id} />;
  else if (match(section.path, at)) page = <section.list />;
  else page = <Page title="Not found">There is no page at this address.</Page>;

  return (
    <div className="shell">
      <header className="top">
        <span className="brand">Parley console</span>
        <span className="who">
          {session.username}
          <span className={`badge ${canWrite ? 'admin' : 'readonly'}`}>{canWrite ? 'Admin' : 'Read only'}</span>
        </span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </header>
      <nav aria-label="Sections">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <Link to={s.path} current={section === s}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main>{page}</main>
    </div>
  );
}
