/**
 * The participant timers of a chat as stored in `chats.participant_timers` (pure: no I/O).
 * Connect's rules (AG "Set up chat timeouts for chat participants"): timers are per role, idle
 * before auto-disconnect when both are set (the auto-disconnect timer starts once the participant
 * is idle), a lone timer starts at once, and the configuration in force is the one set when the
 * agent joined.
 */

export const TIMER_ROLES = ['CUSTOMER', 'AGENT'] as const;
export type TimerRole = (typeof TIMER_ROLES)[number];
export const TIMER_TYPES = ['IDLE', 'DISCONNECT_NONCUSTOMER'] as const;
export type TimerType = (typeof TIMER_TYPES)[number];

/** Minutes per role and timer type; an absent entry is no timer. */
export type RoleTimers = { [R in TimerRole]?: { [T in TimerType]?: number } };

export interface ParticipantTimerState {
  /** What UpdateParticipantRoleConfig stored; it applies from the next agent join. */
  set: RoleTimers;
  /** What was in force when the last agent joined; null until an agent joins after a configuration. */
  live: RoleTimers | null;
  /** Participants deemed idle (an idle notice was pushed and they have not spoken since). */
  idle: string[];
}

/** One entry of ParticipantTimerConfigList, validated: minutes null is `Unset`. */
export interface TimerSetting {
  role: TimerRole;
  type: TimerType;
  minutes: number | null;
}

export const MINUTE_MS = 60_000;

/** The stored document, or null when the chat was never configured. */
export function parseTimerState(json: string | null): ParticipantTimerState | null {
  if (!json) return null;
  const s = JSON.parse(json) as Partial<ParticipantTimerState>;
  return { set: s.set ?? {}, live: s.live ?? null, idle: s.idle ?? [] };
}

/** A configuration with the settings applied in order: a duration sets the timer, Unset removes it. */
export function applySettings(set: RoleTimers, settings: readonly TimerSetting[]): RoleTimers {
  const out: RoleTimers = {};
  for (const role of TIMER_ROLES) if (set[role]) out[role] = { ...set[role] };
  for (const s of settings) {
    const timers = { ...out[s.role] };
    if (s.minutes === null) delete timers[s.type];
    else timers[s.type] = s.minutes;
    if (Object.keys(timers).length) out[s.role] = timers;
    else delete out[s.role];
  }
  return out;
}

/** The configured role of a participant role, when it has timers (CUSTOM_BOT and SYSTEM never do). */
export const timerRoleOf = (role: string): TimerRole | null => ((TIMER_ROLES as readonly string[]).includes(role) ? (role as TimerRole) : null);

/** What the participant's pending timer does when it falls due: mark idle, or disconnect the non-customers. */
export function nextFiring(live: RoleTimers | null, role: TimerRole, idle: boolean): { action: 'idle' | 'disconnect'; minutes: number } | null {
  const timers = live?.[role];
  if (!timers) return null;
  if (!idle && timers.IDLE !== undefined) return { action: 'idle', minutes: timers.IDLE };
  // Once idle, the auto-disconnect timer runs; without an idle timer it runs from the start.
  if (timers.DISCONNECT_NONCUSTOMER !== undefined) return { action: 'disconnect', minutes: timers.DISCONNECT_NONCUSTOMER };
  return null;
}

/** When the participant's next timer falls due, counting from `since` (their last message, the agent's join, or becoming idle). */
export function nextDueAt(live: RoleTimers | null, role: TimerRole, idle: boolean, since: number): number | null {
  const next = nextFiring(live, role, idle);
  return next ? since + next.minutes * MINUTE_MS : null;
}
