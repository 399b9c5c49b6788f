import { useState } from 'react';
import { useConsole } from '../context';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useLoad } from '../ui/use-load';
import { QueueCreateForm } from './queue-create-form';

/** The standard queues, by name, and (for an Admin) a form to create one. */
export function QueuesPage() {
  const { api, canWrite } = useConsole();
  const queues = useLoad(() => api.listQueues(), 'queues');
  const [created, setCreated] = useState<string>();
  return (
    <Page title="Queues">
      {created && (
        <p className="notice" role="status">
          Queue “{created}” created.
        </p>
      )}
      {!queues.data ? (
        <Pending error={queues.error} what="queues" />
      ) : (
        <table>
          <caption>{queues.data.length} queues</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
            </tr>
          </thead>
          <tbody>
            {queues.data.map((q) => (
              <tr key={q.Id}>
                <td>
                  <Link to={`/queues/${q.Id}`}>{q.Name}</Link>
                </td>
                <td className="mono">{q.Id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <QueueCreateForm
          onCreated={(name) => {
            setCreated(name);
            queues.reload();
          }}
        />
      )}
    </Page>
  );
}
