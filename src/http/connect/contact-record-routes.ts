import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EXPORT_TIME_TYPES, exportRecords, type ExportFormat } from '../../app/contacts/export.js';
import { searchContacts } from '../../app/contacts/search.js';
import type { Deps } from '../../app/deps.js';
import { InstanceIdParam } from './schemas.js';

const Strings = (maxItems: number, maxLength = 256) => Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength }), { maxItems }));
const Enum = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const SearchContactsBody = Type.Object(
  {
    InstanceId: Type.String({ minLength: 1, maxLength: 250 }),
    TimeRange: Type.Object(
      {
        Type: Enum(['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'ENQUEUE_TIMESTAMP']),
        StartTime: Type.Number(),
        EndTime: Type.Number(),
      },
      { additionalProperties: false },
    ),
    SearchCriteria: Type.Optional(
      Type.Object({
        AgentIds: Strings(100),
        Channels: Type.Optional(Type.Array(Enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']), { maxItems: 4 })),
        InitiationMethods: Strings(20),
        QueueIds: Strings(100),
        SearchableContactAttributes: Type.Optional(
          Type.Object({
            Criteria: Type.Array(Type.Object({ Key: Type.String({ minLength: 1, maxLength: 100 }), Values: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 20 }) }), { minItems: 1, maxItems: 15 }),
            MatchType: Type.Optional(Enum(['MATCH_ALL', 'MATCH_ANY'])),
          }),
        ),
      }),
    ),
    MaxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    NextToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    Sort: Type.Optional(
      Type.Object({
        FieldName: Enum(['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'INITIATION_METHOD', 'CHANNEL']),
        Order: Enum(['ASCENDING', 'DESCENDING']),
      }),
    ),
  },
  { additionalProperties: false },
);

const ExportQuery = Type.Object(
  {
    StartTime: Type.Number({ minimum: 0 }),
    EndTime: Type.Number({ minimum: 0 }),
    Format: Type.Optional(Enum(['jsonl', 'csv'])),
    TimeRangeType: Type.Optional(Enum(EXPORT_TIME_TYPES)),
  },
  { additionalProperties: false },
);

/** SearchContacts (Connect's) and the contact records export (Parley's: Connect streams records to Kinesis instead). */
export function contactRecordRoutes(app: FastifyInstance, deps: Deps): void {
  const config = { api: 'connect' as const, permission: 'supervise' as const };
  app.post<{ Body: Static<typeof SearchContactsBody> }>('/search-contacts', { config, schema: { body: SearchContactsBody } }, (req) => searchContacts(deps, req.body));
  app.get<{ Params: Static<typeof InstanceIdParam>; Querystring: Static<typeof ExportQuery> }>(
    '/contact-records/:InstanceId',
    { config, schema: { params: InstanceIdParam, querystring: ExportQuery } },
    async (req, reply) => {
      const format = (req.query.Format ?? 'jsonl') as ExportFormat;
      const lines = await exportRecords(deps, {
        instanceRef: req.params.InstanceId,
        startTime: req.query.StartTime,
        endTime: req.query.EndTime,
        format,
        timeType: req.query.TimeRangeType as 'DISCONNECT_TIMESTAMP' | undefined,
      });
      const name = `contact-records-${req.query.StartTime}-${req.query.EndTime}.${format}`;
      void reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="${name}"`);
      return reply.send(Readable.from(lines));
    },
  );
}
