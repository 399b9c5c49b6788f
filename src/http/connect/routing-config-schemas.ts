import { Type as T } from '@sinclair/typebox';
import { DAYS, OVERRIDE_TYPES } from '../../core/routing/hours.js';

/** Request shapes of Connect's HoursOfOperation and Queue APIs, with the bounds of the Connect model. */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });
const Name = Str(1, 127);
const Description = Str(0, 250);
const Id = Str(1, 500);
const Tags = T.Optional(T.Record(Str(1, 128), Str(0, 256), { maxProperties: 50 }));
const Slice = T.Object({ Hours: T.Integer({ minimum: 0, maximum: 23 }), Minutes: T.Integer({ minimum: 0, maximum: 59 }) });
const Day = T.Union(DAYS.map((d) => T.Literal(d)));
const Config = T.Array(T.Object({ Day, StartTime: Slice, EndTime: Slice }), { maxItems: 100 });

export const HoursPathParams = T.Object({ InstanceId: Str(1, 100), HoursOfOperationId: Id });
export const OverridePathParams = T.Object({ InstanceId: Str(1, 100), HoursOfOperationId: Id, HoursOfOperationOverrideId: Id });
export const QueuePathParams = T.Object({ InstanceId: Str(1, 100), QueueId: Id });

export const PageQuery = T.Object({
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 1000 })),
  nextToken: T.Optional(Str(1, 2500)),
});
export const ListQueuesQuery = T.Object({
  queueTypes: T.Optional(T.Union([T.Array(T.Union([T.Literal('STANDARD'), T.Literal('AGENT')]), { maxItems: 2 }), T.Union([T.Literal('STANDARD'), T.Literal('AGENT')])])),
  maxResults: T.Optional(T.Integer({ minimum: 1, maximum: 1000 })),
  nextToken: T.Optional(Str(1, 2500)),
});

export const CreateHoursBody = T.Object({
  Name,
  Description: T.Optional(Description),
  TimeZone: Str(1, 100),
  Config,
  ParentHoursOfOperationConfigs: T.Optional(T.Array(T.Unknown(), { maxItems: 0 })),
  Tags,
});

export const UpdateHoursBody = T.Object({ Name: T.Optional(Name), Description: T.Optional(Description), TimeZone: T.Optional(Str(1, 100)), Config: T.Optional(Config) });

export const CreateOverrideBody = T.Object({
  Name,
  Description: T.Optional(Description),
  Config: T.Array(T.Object({ Day: T.Optional(Day), StartTime: T.Optional(Slice), EndTime: T.Optional(Slice) }), { maxItems: 100 }),
  EffectiveFrom: Str(10, 10),
  EffectiveTill: Str(10, 10),
  OverrideType: T.Optional(T.Union(OVERRIDE_TYPES.map((t) => T.Literal(t)))),
  RecurrenceConfig: T.Optional(
    T.Object({
      RecurrencePattern: T.Object({
        Frequency: T.Union([T.Literal('WEEKLY'), T.Literal('MONTHLY'), T.Literal('YEARLY')]),
        Interval: T.Integer({ minimum: 1, maximum: 6 }),
        ByMonth: T.Optional(T.Array(T.Integer({ minimum: 1, maximum: 12 }), { maxItems: 1 })),
        ByMonthDay: T.Optional(T.Array(T.Integer({ minimum: -1, maximum: 31 }), { maxItems: 1 })),
        ByWeekdayOccurrence: T.Optional(T.Array(T.Integer({ minimum: -1, maximum: 4 }), { maxItems: 1 })),
      }),
    }),
  ),
});

const MaxContacts = T.Integer({ minimum: 0 });

export const CreateQueueBody = T.Object({
  Name,
  Description: T.Optional(Description),
  HoursOfOperationId: Id,
  MaxContacts: T.Optional(MaxContacts),
  QuickConnectIds: T.Optional(T.Array(Id, { maxItems: 0 })),
  Tags,
});

export const UpdateQueueNameBody = T.Object({ Name: T.Optional(Name), Description: T.Optional(Description) });
export const UpdateQueueHoursBody = T.Object({ HoursOfOperationId: Id });
export const UpdateQueueMaxContactsBody = T.Object({ MaxContacts: T.Optional(MaxContacts) });
