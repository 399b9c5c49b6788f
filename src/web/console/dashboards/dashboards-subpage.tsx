import { Page } from '../ui/page';
import { HistoricalPage } from './historical-page';

/** The dashboards below /dashboards (the live board is /dashboards itself). */
export function DashboardsSubpage({ id }: { id: string }) {
  if (id === 'historical') return <HistoricalPage />;
  return <Page title="Not found">There is no dashboard at this address.</Page>;
}
