import { useState } from 'react';
import { useConsole } from '../context';
import { NameIdTable } from '../ui/name-id-table';
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
          <NameIdTable rows={data.data[0]} what="routing profiles" base="/routing-profiles" />
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
