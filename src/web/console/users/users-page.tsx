import { useState } from 'react';
import { useConsole } from '../context';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useLoad } from '../ui/use-load';
import { UserCreateForm } from './user-create-form';

/** Every user, by username, and (for an Admin) a form to create one. */
export function UsersPage() {
  const { api, canWrite } = useConsole();
  const data = useLoad(() => Promise.all([api.listUsers(), api.listRoutingProfiles(), api.listSecurityProfiles()]), 'users');
  const [created, setCreated] = useState<string>();
  return (
    <Page title="Users">
      {created && (
        <p className="notice" role="status">
          User “{created}” created.
        </p>
      )}
      {!data.data ? (
        <Pending error={data.error} what="users" />
      ) : (
        <>
          <table>
            <caption>{data.data[0].length} users</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {data.data[0].map((u) => (
                <tr key={u.Id}>
                  <td>
                    <Link to={`/users/${u.Id}`}>{u.Username}</Link>
                  </td>
                  <td className="mono">{u.Id}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canWrite && (
            <UserCreateForm
              profiles={data.data[1]}
              securityProfiles={data.data[2]}
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
