import { useState } from 'react';
import { useConsole } from '../context';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useLoad } from '../ui/use-load';
import { HoursForm } from './hours-form';

/** Every hours of operation, by name, and (for an Admin) a form to create some. */
export function HoursPage() {
  const { api, canWrite } = useConsole();
  const hours = useLoad(() => api.listHours(), 'hours');
  const [created, setCreated] = useState<string>();
  return (
    <Page title="Hours of operation">
      {created && (
        <p className="notice" role="status">
          Hours “{created}” created.
        </p>
      )}
      {!hours.data ? (
        <Pending error={hours.error} what="hours of operation" />
      ) : (
        <table>
          <caption>{hours.data.length} hours of operation</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
            </tr>
          </thead>
          <tbody>
            {hours.data.map((h) => (
              <tr key={h.Id}>
                <td>
                  <Link to={`/hours/${h.Id}`}>{h.Name}</Link>
                </td>
                <td className="mono">{h.Id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <HoursForm
          title="Create hours of operation"
          submitLabel="Create hours"
          onSubmit={async (h) => {
            await api.createHours(h);
            setCreated(h.Name);
            hours.reload();
          }}
        />
      )}
    </Page>
  );
}
