import { type Static, Type as T } from '@sinclair/typebox';

/**
 * Request shapes of the public widget API. Anyone may call it, so it is narrower than
 * StartChatContact: no duration, segment attributes or initial message, and few, small attributes.
 */

/** Limits on what an anonymous page may store on a contact (StartChatContact allows 32 KB). */
export const WIDGET_ATTRIBUTE_LIMITS = { count: 20, keyLength: 64, valueLength: 1024, totalBytes: 4096 } as const;

export const StartWidgetChatBody = T.Object(
  {
    InstanceId: T.String({ minLength: 1, maxLength: 100 }),
    /** A flow id, ARN or name that PARLEY_WIDGET_FLOWS lists. */
    ContactFlowId: T.String({ minLength: 1, maxLength: 500 }),
    DisplayName: T.String({ minLength: 1, maxLength: 256 }),
    Attributes: T.Optional(
      T.Record(
        T.String({ pattern: `^[A-Za-z0-9_-]{1,${WIDGET_ATTRIBUTE_LIMITS.keyLength}}$` }),
        T.String({ maxLength: WIDGET_ATTRIBUTE_LIMITS.valueLength }),
        { maxProperties: WIDGET_ATTRIBUTE_LIMITS.count },
      ),
    ),
    /** A random value (at least 16 characters): a retry with it answers the first chat again. */
    ClientToken: T.Optional(T.String({ minLength: 16, maxLength: 400 })),
    /**
     * Persistent chat: continue the history of an ended chat. Its customer's participant token
     * proves that the caller was that customer (a contact id alone is not a secret).
     */
    PersistentChat: T.Optional(
      T.Object({ SourceContactId: T.String({ minLength: 1, maxLength: 256 }), ParticipantToken: T.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type StartWidgetChatInput = Static<typeof StartWidgetChatBody>;
