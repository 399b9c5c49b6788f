import { useConsole } from '../context';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useLoad } from '../ui/use-load';
import { FlowImport } from './flow-import';

/** Every flow, by name, and (for an Admin) the import of a flow file. */
export function FlowsPage() {
  const { api, canWrite } = useConsole();
  const flows = useLoad(() => api.listFlows(), 'flows');
  return (
    <Page title="Flows">
      {!flows.data ? (
        <Pending error={flows.error} what="flows" />
      ) : (
        <table>
          <caption>{flows.data.length} flows</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {flows.data.map((f) => (
              <tr key={f.Id}>
                <td>
                  <Link to={`/flows/${f.Id}`}>{f.Name}</Link>
                </td>
                <td>{f.ContactFlowType}</td>
                <td>
                  {f.ContactFlowState}
                  {f.ContactFlowStatus ? `, ${f.ContactFlowStatus}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <FlowImport />}
    </Page>
  );
}
