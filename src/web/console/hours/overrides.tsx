import { useConsole } from '../context';
import { ConfirmButton } from '../ui/confirm-button';
import { ErrorMessage } from '../ui/error-message';
import { Pending } from '../ui/page';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';
import { OverrideForm } from './override-form';
import { dayName, windowText } from './time';

/** The overrides of one hours of operation (holidays, special days), and for an Admin the forms to add and delete them. */
export function Overrides({ hoursId }: { hoursId: string }) {
  const { api, canWrite } = useConsole();
  const list = useLoad(() => api.listOverrides(hoursId), `overrides:${hoursId}`);
  const remove = useAction();
  return (
    <section className="panel" aria-labelledby="overrides-title">
      <h2 id="overrides-title">Overrides</h2>
      <ErrorMessage error={remove.error} title="The override was not deleted." />
      {!list.data ? (
        <Pending error={list.error} what="overrides" />
      ) : list.data.length === 0 ? (
        <p className="muted">No overrides: the weekly schedule applies every day.</p>
      ) : (
        <table>
          <caption className="sr-only">Overrides</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">From</th>
              <th scope="col">Till</th>
              <th scope="col">Windows</th>
              {canWrite && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.map((o) => (
              <tr key={o.HoursOfOperationOverrideId}>
                <td>{o.Name}</td>
                <td>{o.OverrideType}</td>
                <td>{o.EffectiveFrom}</td>
                <td>{o.EffectiveTill}</td>
                <td>
                  {o.Config.length
                    ? o.Config.map((c) => `${c.Day ? `${dayName(c.Day)} ` : ''}${windowText(c.StartTime, c.EndTime)}`).join(', ')
                    : o.OverrideType === 'CLOSED'
                      ? 'closed all day'
                      : 'closed'}
                </td>
                {canWrite && (
                  <td>
                    <ConfirmButton
                      label="Delete"
                      confirmLabel={`Delete override ${o.Name}`}
                      disabled={remove.busy}
                      onConfirm={async () => {
                        if (await remove.run(() => api.deleteOverride(hoursId, o.HoursOfOperationOverrideId))) list.reload();
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <OverrideForm hoursId={hoursId} onCreated={list.reload} />}
    </section>
  );
}
