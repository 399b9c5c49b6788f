import { useConsole } from '../context';
import { navigate } from '../router';
import { ConfirmButton } from '../ui/confirm-button';
import { ErrorMessage } from '../ui/error-message';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';
import { RoutingProfileEditForms } from './routing-profile-edit-forms';

/** One routing profile: concurrency, its queues with priority and delay, and for an Admin the forms to change them and a delete button. */
export function RoutingProfileDetail({ id }: { id: string }) {
  const { api, canWrite } = useConsole();
  const data = useLoad(() => Promise.all([api.describeRoutingProfile(id), api.listRoutingProfileQueues(id), api.listQueues()]), `routing-profile:${id}`);
  const remove = useAction();
  if (!data.data)
    return (
      <Page title="Routing profile">
        <Pending error={data.error} what="routing profile" />
      </Page>
    );
  const [rp, rpQueues, queues] = data.data;
  const outbound = queues.find((q) => q.Id === rp.DefaultOutboundQueueId);
  return (
    <Page title={`Routing profile: ${rp.Name}`} actions={<Link to="/routing-profiles">All routing profiles</Link>}>
      <dl className="facts">
        <dt>Description</dt>
        <dd>{rp.Description || '—'}</dd>
        <dt>Default outbound queue</dt>
        <dd>{outbound ? <Link to={`/queues/${outbound.Id}`}>{outbound.Name}</Link> : rp.DefaultOutboundQueueId}</dd>
        <dt>At once</dt>
        <dd>{rp.MediaConcurrencies.map((m) => `${m.Concurrency} ${m.Channel.toLowerCase()}`).join(', ') || 'nothing'}</dd>
        <dt>Users</dt>
        <dd>{rp.NumberOfAssociatedUsers}</dd>
        <dt>Id</dt>
        <dd className="mono">{rp.RoutingProfileId}</dd>
      </dl>
      <table>
        <caption>Queues ({rpQueues.length})</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Channel</th>
            <th scope="col">Priority</th>
            <th scope="col">Delay (s)</th>
          </tr>
        </thead>
        <tbody>
          {rpQueues.map((q) => (
            <tr key={`${q.QueueId}:${q.Channel}`}>
              <td>
                <Link to={`/queues/${q.QueueId}`}>{q.QueueName}</Link>
              </td>
              <td>{q.Channel}</td>
              <td>{q.Priority}</td>
              <td>{q.Delay}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite && <RoutingProfileEditForms rp={rp} rpQueues={rpQueues} queues={queues} onSaved={data.reload} />}
      {canWrite && (
        <div className="panel">
          <h2>Delete</h2>
          <ErrorMessage error={remove.error} title="The routing profile was not deleted." />
          <ConfirmButton
            label="Delete routing profile"
            confirmLabel={`Delete ${rp.Name} for good`}
            disabled={remove.busy}
            onConfirm={async () => {
              if (await remove.run(() => api.deleteRoutingProfile(id))) navigate('/routing-profiles');
            }}
          />
        </div>
      )}
    </Page>
  );
}
