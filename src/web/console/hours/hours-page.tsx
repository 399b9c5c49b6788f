import { useState } from 'react';
import { useConsole } from '../context';
import { NameIdTable } from '../ui/name-id-table';
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
        <NameIdTable rows={hours.data} what="hours of operation" base="/hours" />
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
