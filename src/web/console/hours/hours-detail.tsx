import { useConsole } from '../context';
import { navigate } from '../router';
import { ConfirmButton } from '../ui/confirm-button';
import { ErrorMessage } from '../ui/error-message';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';
import { HoursForm } from './hours-form';
import { Overrides } from './overrides';
import { byDay, dayName, windowText } from './time';

/** One hours of operation: the weekly schedule, its overrides, and for an Admin the forms to change them. */
export function HoursDetail({ id }: { id: string }) {
  const { api, canWrite } = useConsole();
  const hours = useLoad(() => api.describeHours(id), `hours:${id}`);
  const remove = useAction();
  if (!hours.data)
    return (
      <Page title="Hours of operation">
        <Pending error={hours.error} what="hours of operation" />
      </Page>
    );
  const h = hours.data;
  return (
    <Page title={`Hours: ${h.Name}`} actions={<Link to="/hours">All hours of operation</Link>}>
      <dl className="facts">
        <dt>Description</dt>
        <dd>{h.Description || '—'}</dd>
        <dt>Time zone</dt>
        <dd>{h.TimeZone}</dd>
      </dl>
      <table>
        <caption>Weekly schedule</caption>
        <tbody>
          {byDay(h.Config).map(([day, windows]) => (
            <tr key={day}>
              <th scope="row">{dayName(day)}</th>
              <td>{windows.length ? windows.map((w) => windowText(w.StartTime, w.EndTime)).join(', ') : 'closed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Overrides hoursId={id} />
      {canWrite && (
        <>
          <HoursForm initial={h} title="Change the hours" submitLabel="Save hours" onSubmit={(input) => api.updateHours(id, input).then(hours.reload)} />
          <div className="panel">
            <h2>Delete</h2>
            <ErrorMessage error={remove.error} title="The hours were not deleted." />
            <ConfirmButton
              label="Delete hours"
              confirmLabel={`Delete ${h.Name} for good`}
              disabled={remove.busy}
              onConfirm={async () => {
                if (await remove.run(() => api.deleteHours(id))) navigate('/hours');
              }}
            />
          </div>
        </>
      )}
    </Page>
  );
}
