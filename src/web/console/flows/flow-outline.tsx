import { type FlowGraph } from './flow-model';

/** The flow as text, block by block with where each transition goes: what the graph shows, for screen readers and for copying. */
export function FlowOutline({ graph }: { graph: FlowGraph }) {
  const typeOf = new Map(graph.nodes.map((n) => [n.id, n.type]));
  return (
    <details className="outline">
      <summary>Blocks and transitions as a list</summary>
      <table>
        <caption className="sr-only">Blocks and transitions</caption>
        <thead>
          <tr>
            <th scope="col">Block</th>
            <th scope="col">Says</th>
            <th scope="col">Goes to</th>
          </tr>
        </thead>
        <tbody>
          {graph.nodes.map((n) => (
            <tr key={n.id}>
              <th scope="row">
                {n.type}
                {n.id === graph.start && ' (start)'}
                <br />
                <span className="mono">{n.id}</span>
              </th>
              <td>{n.text ?? ''}</td>
              <td>
                <ul className="plain">
                  {graph.edges
                    .filter((e) => e.from === n.id)
                    .flatMap((e) => e.labels.map((l, i) => <li key={`${e.to}:${i}`}>{`${l.kind === 'next' ? 'next' : l.kind === 'error' ? `on error ${l.text}` : `if ${l.text}`} → ${typeOf.get(e.to)} ${e.to}`}</li>))}
                  {graph.dangling
                    .filter((d) => d.from === n.id)
                    .map((d, i) => (
                      <li key={`d${i}`}>{`${d.label} → missing block ${d.to}`}</li>
                    ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
