import { useState } from 'react';
import { useConsole } from '../context';
import { NameIdTable } from '../ui/name-id-table';
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
        <NameIdTable rows={queues.data} what="queues" base="/queues" />
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
