import { type Static, Type as T } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../app/deps.js';
import { monthlyReport } from '../../app/metering/monthly.js';
import { usageReport } from '../../app/metering/usage.js';
import { InstanceIdParam } from './schemas.js';
import { usageCsv } from './usage-csv.js';

/** Epoch seconds from 1970 to the end of year 9999. */
const Seconds = T.Number({ minimum: 0, maximum: 253_402_300_799 });
const TimeZone = T.Optional(T.String({ minLength: 1, maxLength: 100 }));
const UsageQuery = T.Object({ StartTime: Seconds, EndTime: Seconds, TimeZone, Groupings: T.Optional(T.String({ maxLength: 100 })) });
const MonthlyParams = T.Object({ InstanceId: T.String({ minLength: 1, maxLength: 100 }), Month: T.String({ minLength: 1, maxLength: 20 }) });
const MonthlyQuery = T.Object({ TimeZone, Format: T.Optional(T.Union([T.Literal('json'), T.Literal('csv')])) });

/**
 * Usage metering (docs/metering.md): a Parley extension on the connect API, which Amazon Connect
 * has no operation for (its billing is in AWS Billing). Signed with SigV4 like the rest of the
 * connect API, or called with a session whose security profiles give `supervise` (the
 * Supervisor and Admin profiles): usage is read-only, like the metrics it sits next to.
 */
export function usageRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const, permission: 'supervise' as const };
  app.get<{ Params: Static<typeof InstanceIdParam>; Querystring: Static<typeof UsageQuery> }>(
    '/usage/:InstanceId',
    { config, schema: { params: InstanceIdParam, querystring: UsageQuery } },
    (req) => usageReport(deps, req.params.InstanceId, req.query),
  );
  app.get<{ Params: Static<typeof MonthlyParams>; Querystring: Static<typeof MonthlyQuery> }>(
    '/usage/:InstanceId/monthly/:Month',
    { config, schema: { params: MonthlyParams, querystring: MonthlyQuery } },
    async (req, reply) => {
      const report = await monthlyReport(deps, req.params.InstanceId, req.params.Month, req.query.TimeZone);
      if (req.query.Format !== 'csv') return report;
      const file = `parley-usage-${report.Month}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(usageCsv(report));
    },
  );
}
