import type { DemoInfo } from './demo-info';

/** The guided tour of the seed scenario (DESIGN.md), step by step, with the demo logins. */
export function Tour({ info }: { info: DemoInfo }) {
  const agent = info.Agents.find((a) => a.Profile === 'Agent') ?? info.Agents[0];
  return (
    <section className="tour" aria-labelledby="tour-title">
      <h2 id="tour-title">Try it: the seed scenario in 7 steps</h2>
      <ol>
        <li>
          Open the <a href={info.AgentUrl} target="_blank" rel="noopener">agent workspace</a> in another window, log in as <code>{agent?.Username}</code>{' '}
          (password below) and set your status to <strong>Available</strong>.
        </li>
        <li>
          Here, open the chat button at the bottom right, give a name and start the chat. The inbound flow greets you and queues the chat; it is offered
          to the agent.
        </li>
        <li>Accept it in the workspace and chat: try **markdown**, a file, the typing indicator and read receipts.</li>
        <li>
          Reload this page: the chat continues where it was. Under ⋮ → <em>Continue on another device</em> is a link that opens the same chat in
          another browser.
        </li>
        <li>
          As the agent, write <q>Are you there?</q> and leave the chat. The disconnect flow tells you the agent left and waits up to 15 minutes for you.
        </li>
        <li>
          Write <q>Hey, I'm back</q>: the chat goes back to the same agent if available, else to the queue. If nobody writes, the wait runs out and
          the chat ends.
        </li>
        <li>After the chat ended, start a new one: it continues the history of the last one (persistent chat).</li>
      </ol>
      <h3>Demo logins</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Password</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {info.Agents.map((a) => (
            <tr key={a.Username}>
              <td>
                <code>{a.Username}</code>
              </td>
              <td>
                <code>{a.Password}</code>
              </td>
              <td>{a.Profile === 'Admin' ? <a href={info.AdminUrl}>admin console</a> : <a href={info.AgentUrl}>agent workspace</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">These are demo-only accounts, shown because the server runs with its development keys (they are printed at start-up too).</p>
    </section>
  );
}
