import { useState } from 'react';
import { useConsole } from '../context';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useLoad } from '../ui/use-load';
import { RoutingProfileForm } from './routing-profile-form';

/** Every routing profile, by name, and (for an Admin) a form to create one. */
export function RoutingProfilesPage() {
  const { api, canWrite } = useConsole();
  const data = useLoad(() => Promise.all([api.listRoutingProfiles(), api.listQueues()]), 'routing-profiles');
  const [created, setCreated] = useState<string>();
  return (
    <Page title="Routing profiles">
      {created && (
        <p className="notice" role="status">
          Routing profile “{created}” created.
        </p>
      )}
      {!data.data ? (
        <Pending error={data.error} what="routing profiles" />
      ) : (
        <>
          <table>
            <caption>{data.data[0].length} routing profiles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {data.data[0].map((r) => (
                <tr key={r.Id}>
                  <td>
                    <Link to={`/routing-profiles/${r.Id}`}>{r.Name}</Link>
                  </td>
                  <td className="mono">{r.Id}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canWrite && (
            <RoutingProfileForm
              queues={data.data[1]}
              onCreated={(name) => {
                setCreated(name);
                data.reload();
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}
