/** What GET /demo/v1/info answers (src/http/widget/routes.ts). */
export interface DemoInfo {
  InstanceId: string;
  ContactFlowId: string;
  ContactFlowName: string;
  WidgetFlowOpen: boolean;
  Agents: { Username: string; Password: string; Profile: string }[];
  AgentUrl: string;
  AdminUrl: string;
}

/** The demo facts, or null when the server keeps them to itself (it runs with production keys). */
export async function loadDemoInfo(): Promise<DemoInfo | null> {
  const res = await fetch('/demo/v1/info');
  return res.ok ? ((await res.json()) as DemoInfo) : null;
}

/** The widget's options for this demo, as data- attributes of its script tag. */
export function widgetAttributes(info: DemoInfo): Record<string, string> {
  return {
    'data-instance-id': info.InstanceId,
    'data-flow-id': info.ContactFlowId,
    'data-fields': 'name*:Your name,email:Email,orderId:Order number',
    'data-title': 'Northwind Bikes support',
    'data-greeting': 'Hi! Ask us anything about your bike or your order.',
    'data-color': '#0b6e4f',
  };
}

/** The documented embedding, exactly as a business would paste it into its pages. */
export function snippet(attrs: Record<string, string>): string {
  const lines = Object.entries(attrs).map(([k, v]) => `  ${k}="${v}"`);
  return `<script src="${location.origin}/widget.js"\n${lines.join('\n')}\n  async></script>`;
}

/** Adds the widget to this page with that same script tag. */
export function embedWidget(attrs: Record<string, string>): void {
  if (document.querySelector('script[data-parley-demo]')) return;
  const s = document.createElement('script');
  s.src = '/widget.js';
  s.async = true;
  s.setAttribute('data-parley-demo', '');
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  document.body.appendChild(s);
}
