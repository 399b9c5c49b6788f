import { type Static, Type as T } from '@sinclair/typebox';
import { TIMER_ROLES, TIMER_TYPES } from '../../app/chat/participant-timer-state.js';

/** Request shape of UpdateParticipantRoleConfig, with the bounds of the Connect model. */

const Str = (min: number, max: number) => T.String({ minLength: min, maxLength: max });

export const ParticipantRoleConfigPathParams = T.Object({ InstanceId: Str(1, 100), ContactId: Str(1, 256) });

/** ParticipantTimerValue is a union: exactly one of its members. */
const TimerValue = T.Union([
  T.Object({ ParticipantTimerAction: T.Literal('Unset') }, { additionalProperties: false }),
  T.Object({ ParticipantTimerDurationInMinutes: T.Integer({ minimum: 2, maximum: 480 }) }, { additionalProperties: false }),
]);

const TimerConfiguration = T.Object({
  ParticipantRole: T.Union(TIMER_ROLES.map((r) => T.Literal(r))),
  TimerType: T.Union(TIMER_TYPES.map((t) => T.Literal(t))),
  TimerValue,
});

export const UpdateParticipantRoleConfigBody = T.Object({
  ChannelConfiguration: T.Object(
    { Chat: T.Object({ ParticipantTimerConfigList: T.Array(TimerConfiguration, { minItems: 1, maxItems: 6 }) }) },
    { additionalProperties: false },
  ),
});
export type UpdateParticipantRoleConfigInput = Static<typeof UpdateParticipantRoleConfigBody>;
