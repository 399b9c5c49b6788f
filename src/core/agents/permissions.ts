/**
 * What a security profile lets its users do. Connect has hundreds of fine-grained permissions; a
 * chat contact center needs three layers, each including the one before in the seeded profiles:
 * - `agent`: log in, set one's own status, handle the contacts offered to oneself;
 * - `supervise`: see and act on every agent and contact (statuses, DismissUserContact, metrics),
 *   read the configuration;
 * - `configure`: change the configuration (queues, hours, routing profiles, users, flows…).
 */
export const PERMISSIONS = ['agent', 'supervise', 'configure'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The security profiles every instance has, by name, (Connect calls its supervisor profile CallCenterManager). */
export const SEEDED_SECURITY_PROFILES: Readonly<Record<'Admin' | 'Supervisor' | 'Agent', readonly Permission[]>> = {
  Admin: ['agent', 'supervise', 'configure'],
  Supervisor: ['agent', 'supervise'],
  Agent: ['agent'],
};

/** The union of the permissions of a user's security profiles. */
export const permissionsOf = (profiles: readonly { permissions: string }[]): Set<Permission> =>
  new Set(profiles.flatMap((p) => JSON.parse(p.permissions) as Permission[]));
