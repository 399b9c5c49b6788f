/**
 * The widget's styles, inside its shadow root so that the page's CSS neither breaks nor is broken
 * by them. Pages theme it with custom properties on the host element ([data-parley-widget]):
 * --parley-accent, --parley-accent-text, --parley-font, --parley-radius, and style its parts
 * (::part(launcher), ::part(panel)).
 */
export const CSS = `
:host{all:initial}
.parley{--a:var(--parley-accent,#1f5fbf);--at:var(--parley-accent-text,#fff);--r:var(--parley-radius,14px);font:14px/1.45 var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:#1d232b;position:fixed;bottom:20px;z-index:2147483000}
.pos-right{right:20px}.pos-left{left:20px}
*{box-sizing:border-box}
button,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid #ffbf47;outline-offset:1px}
.launcher{width:58px;height:58px;border-radius:50%;border:0;background:var(--a);color:var(--at);box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;display:grid;place-items:center;position:relative;margin-left:auto}
.pos-left .launcher{margin-left:0}
.badge{position:absolute;top:-4px;right:-4px;background:#c62828;color:#fff;border-radius:10px;min-width:20px;height:20px;font-size:12px;display:grid;place-items:center;padding:0 5px}
.panel{width:370px;height:min(600px,calc(100vh - 110px));background:#fff;border-radius:var(--r);box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;margin-bottom:12px}
header{background:var(--a);color:var(--at);padding:12px 10px 10px 16px;display:flex;align-items:center;gap:4px}
header>div:first-child{flex:1;min-width:0}
h2{font-size:16px;margin:0;font-weight:600}
.status{margin:2px 0 0;font-size:12px;opacity:.9;min-height:1em}
.icon{background:none;border:0;color:inherit;width:36px;height:36px;border-radius:8px;cursor:pointer;display:grid;place-items:center}
.icon:hover{background:rgba(255,255,255,.15)}
.composer .icon{color:#555}
.menu{position:relative}
.popup{position:absolute;right:0;top:40px;background:#fff;color:#1d232b;border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.25);padding:6px;min-width:220px;z-index:2;display:flex;flex-direction:column;gap:2px}
.popup button{background:none;border:0;text-align:left;padding:9px 10px;border-radius:6px;cursor:pointer}
.popup button:hover{background:#eef2f8}
.popup p{margin:6px 8px;font-size:13px}
.popup input{margin:4px 8px;padding:6px;border:1px solid #bbb;border-radius:6px;font-size:12px}
.danger{color:#b3261e!important}
.body{padding:16px;overflow:auto;flex:1}
.intro{margin:0 0 12px}
.prechat{display:flex;flex-direction:column;gap:12px}
.prechat label{display:flex;flex-direction:column;gap:4px;font-weight:500}
.prechat input{padding:9px 10px;border:1px solid #9aa4b2;border-radius:8px;font-weight:400}
.primary,.prechat button{background:var(--a);color:var(--at);border:0;border-radius:8px;padding:10px 14px;font-weight:600;cursor:pointer}
.log{padding:12px;overflow-y:auto;flex:1;background:#f6f8fb}
.log>ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{display:flex;flex-direction:column;max-width:85%}
.msg.mine{align-self:flex-end;align-items:flex-end}
.meta{font-size:11px;color:#5b6472;margin:0 4px 2px}
.bubble{background:#fff;border:1px solid #e2e6ec;border-radius:12px;padding:8px 11px;overflow-wrap:anywhere}
.mine .bubble{background:var(--a);color:var(--at);border-color:transparent}
.mine .bubble a{color:inherit}
.role-system .bubble{background:#eef2f8}
.pending{opacity:.6}.failed{opacity:1}.failed .bubble{background:#fde7e7;color:#1d232b}
.receipt{font-size:11px;color:#5b6472;margin:2px 4px 0}
.md p{margin:0}.md p+p,.md ul,.md ol{margin:6px 0 0}.md ul,.md ol{padding-left:20px}
.md code{background:rgba(0,0,0,.08);border-radius:4px;padding:0 4px;font-family:ui-monospace,monospace;font-size:13px}
.event,.divider{align-self:center;font-size:12px;color:#5b6472;text-align:center}
.divider{width:100%;display:flex;align-items:center;gap:8px;margin:6px 0}
.divider::before,.divider::after{content:"";flex:1;border-top:1px solid #d5dae1}
.typing{font-size:12px;color:#5b6472;display:flex;align-items:center;gap:6px}
.dots i{display:inline-block;width:5px;height:5px;margin:0 1px;border-radius:50%;background:#8a94a3;animation:b 1.2s infinite}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes b{0%,60%,100%{opacity:.3}30%{opacity:1}}
@media (prefers-reduced-motion:reduce){.dots i{animation:none}}
.files{display:flex;flex-direction:column;gap:4px}
.file{background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;text-align:left;padding:0}
.picker-title{font-weight:600}.picker-sub{font-size:12px;color:#5b6472}
.picker img{max-width:100%;border-radius:8px;display:block;margin-bottom:6px}
.picker-options{display:flex;flex-direction:column;gap:6px;margin-top:8px}
.picker-options button{border:1px solid var(--a);color:var(--a);background:#fff;border-radius:8px;padding:8px 10px;cursor:pointer;text-align:left;display:flex;flex-direction:column}
.picker-options button img{max-height:80px;width:auto}
.picker-options button[aria-pressed=true]{background:var(--a);color:var(--at)}
.picker-options button:disabled{cursor:default;opacity:.7}
.composer{display:flex;align-items:flex-end;gap:4px;padding:8px;border-top:1px solid #e2e6ec;background:#fff}
.composer textarea{flex:1;resize:none;border:1px solid #9aa4b2;border-radius:10px;padding:9px 10px;max-height:120px;min-height:40px}
.send{background:var(--a);color:var(--at);border:0;width:40px;height:40px;border-radius:10px;cursor:pointer;display:grid;place-items:center}
.send:disabled{opacity:.5;cursor:default}
.ended{padding:12px 16px;border-top:1px solid #e2e6ec;background:#fff}
.ended p{margin:0 0 8px;font-weight:600}
.error{margin:0;padding:8px 12px;background:#fde7e7;color:#8a1c1c;font-size:13px}
.link{background:none;border:0;text-decoration:underline;cursor:pointer;padding:0;color:inherit}
@media (max-width:480px){.parley.is-open{inset:0}.is-open .panel{width:100vw;height:100%;border-radius:0;margin:0}.is-open .launcher{display:none}}
`;
