import type { Config } from '../config.js';

type ArnConfig = Pick<Config, 'region' | 'accountId'>;
type Arns = ReturnType<typeof build>;
const built = new WeakMap<ArnConfig, Arns>();

/**
 * ARNs derived from ids, as Connect spells them. Built once per config object: a chat start asks
 * for them several times, and making the functions each time cost 3 % of its CPU (each closure
 * gets its name set by the TypeScript loader).
 */
export const arns = (config: ArnConfig): Arns => {
  let a = built.get(config);
  if (!a) built.set(config, (a = build(config)));
  return a;
};

const build = (config: ArnConfig) => {
  const base = `arn:aws:connect:${config.region}:${config.accountId}:instance`;
  return {
    instance: (id: string) => `${base}/${id}`,
    queue: (instanceId: string, id: string) => `${base}/${instanceId}/queue/${id}`,
    hours: (instanceId: string, id: string) => `${base}/${instanceId}/operating-hours/${id}`,
    flow: (instanceId: string, id: string) => `${base}/${instanceId}/contact-flow/${id}`,
    contact: (instanceId: string, id: string) => `${base}/${instanceId}/contact/${id}`,
    routingProfile: (instanceId: string, id: string) => `${base}/${instanceId}/routing-profile/${id}`,
    user: (instanceId: string, id: string) => `${base}/${instanceId}/agent/${id}`,
    securityProfile: (instanceId: string, id: string) => `${base}/${instanceId}/security-profile/${id}`,
    agentStatus: (instanceId: string, id: string) => `${base}/${instanceId}/agent-state/${id}`,
    quickConnect: (instanceId: string, id: string) => `${base}/${instanceId}/transfer-destination/${id}`,
    /** An agent's queue: its id is the user's id (agent queues have no row of their own). */
    agentQueue: (instanceId: string, userId: string) => `${base}/${instanceId}/queue/agent/${userId}`,
  };
};

/** The last path element of an ARN, or the value itself when it is a plain id. */
export const idFromRef = (ref: string): string => (ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref);

/** An instance id from an id or an instance ARN (`arn:…:instance/<id>`). */
export const instanceIdFromRef = (ref: string): string => {
  const m = /^arn:[^:]+:connect:[^:]*:[^:]*:instance\/([^/]+)$/.exec(ref);
  return m ? m[1] : ref;
};
