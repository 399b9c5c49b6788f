import { useConsole } from '../context';
import { navigate } from '../router';
import { ConfirmButton } from '../ui/confirm-button';
import { ErrorMessage } from '../ui/error-message';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';
import { QueueEditForms } from './queue-edit-forms';

/** One queue: its settings, and for an Admin the forms to change them and to delete it. */
export function QueueDetail({ id }: { id: string }) {
  const { api, canWrite } = useConsole();
  const data = useLoad(() => Promise.all([api.describeQueue(id), api.listHours()]), `queue:${id}`);
  const remove = useAction();
  if (!data.data)
    return (
      <Page title="Queue">
        <Pending error={data.error} what="queue" />
      </Page>
    );
  const [queue, hours] = data.data;
  const hoursName = hours.find((h) => h.Id === queue.HoursOfOperationId)?.Name ?? queue.HoursOfOperationId ?? 'none';
  return (
    <Page title={`Queue: ${queue.Name}`} actions={<Link to="/queues">All queues</Link>}>
      <dl className="facts">
        <dt>Description</dt>
        <dd>{queue.Description || '—'}</dd>
        <dt>Hours of operation</dt>
        <dd>{queue.HoursOfOperationId ? <Link to={`/hours/${queue.HoursOfOperationId}`}>{hoursName}</Link> : 'none'}</dd>
        <dt>Maximum contacts</dt>
        <dd>{queue.MaxContacts ?? 'no limit'}</dd>
        <dt>Id</dt>
        <dd className="mono">{queue.QueueId}</dd>
      </dl>
      {canWrite && (
        <>
          <QueueEditForms queue={queue} hours={hours} onSaved={data.reload} />
          <div className="panel">
            <h2>Delete</h2>
            <ErrorMessage error={remove.error} title="The queue was not deleted." />
            <ConfirmButton
              label="Delete queue"
              confirmLabel={`Delete ${queue.Name} for good`}
              disabled={remove.busy}
              onConfirm={async () => {
                if (await remove.run(() => api.deleteQueue(id))) navigate('/queues');
              }}
            />
          </div>
        </>
      )}
    </Page>
  );
}
