import type { FastifyInstance } from 'fastify';
import type { Seeded } from '../../app/admin/seed.js';
import { DEMO_AGENTS } from '../../app/admin/seed-routing.js';
import { idFromRef } from '../../app/arn.js';
import type { Deps } from '../../app/deps.js';
import { DEFAULT_INBOUND_FLOW_NAME } from '../../core/flow/default-flows.js';
import { notFound } from '../../core/errors.js';
import { StartWidgetChatBody, type StartWidgetChatInput } from './schemas.js';
import { startWidgetChat } from './start-widget-chat.js';

/**
 * The public API of the customer widget (docs/widget.md): starting a chat needs no AWS keys,
 * only a flow the operator opened to widgets. CORS follows PARLEY_ALLOWED_ORIGINS like every
 * route. Also the demo site's facts (GET /demo/v1/info).
 */
export function widgetRoutes(app: FastifyInstance, deps: Deps, seeded: Seeded): void {
  // Errors in the connect API's vocabulary, as the agent API answers; not 'connect' itself, whose
  // routes all require a SigV4 signature (connect/routes.ts).
  const config = { api: 'agent' as const };
  app.post<{ Body: StartWidgetChatInput }>('/widget/v1/chats', { config, schema: { body: StartWidgetChatBody } }, (req) => startWidgetChat(deps, req.body));

  // The demo agents' passwords are printed at start-up; the demo page shows them too, but only
  // while the server runs with the development keys: a production setup sets its own keys, and
  // then no anonymous caller learns a login, even if the demo users were kept.
  app.get('/demo/v1/info', { config }, async () => {
    const users = Object.entries(seeded.demoUsers);
    if (!deps.config.devKeys || !users.length) throw notFound('Demo', 'info');
    return {
      InstanceId: seeded.instanceId,
      ContactFlowId: seeded.inboundFlowId,
      ContactFlowName: DEFAULT_INBOUND_FLOW_NAME,
      WidgetFlowOpen: deps.config.widgetFlows.some((f) => f === DEFAULT_INBOUND_FLOW_NAME || idFromRef(f) === seeded.inboundFlowId),
      Agents: users.map(([Username, u]) => ({ Username, Password: u.password, Profile: DEMO_AGENTS.find((a) => a.username === Username)?.profile ?? 'Agent' })),
      AgentUrl: '/agent/',
      AdminUrl: '/admin/',
    };
  });
}
