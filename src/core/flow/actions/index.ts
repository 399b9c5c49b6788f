import type { ActionSpec } from './action-spec.js';
import { CONTROL_ACTIONS } from './control.js';
import { DATA_ACTIONS } from './data.js';
import { INTEGRATION_ACTIONS } from './integration.js';
import { MESSAGING_ACTIONS } from './messaging.js';
import { ROUTING_ACTIONS } from './routing.js';
import { VOICE_ONLY_ACTIONS } from './voice-only.js';

/** Every action type the engine knows, by `Type` (a Map: flow JSON must not reach prototype keys). */
export const ACTIONS: ReadonlyMap<string, ActionSpec> = new Map(
  Object.entries({ ...CONTROL_ACTIONS, ...DATA_ACTIONS, ...INTEGRATION_ACTIONS, ...MESSAGING_ACTIONS, ...ROUTING_ACTIONS, ...VOICE_ONLY_ACTIONS }),
);

/** Export names that differ from the documented ones (spec §8.3). */
export const ACTION_ALIASES: ReadonlyMap<string, string> = new Map([['UpdateContactRoutingCriteria', 'UpdateRoutingCriteria']]);
