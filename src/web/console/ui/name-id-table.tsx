import { Link } from './link';

/** A list page's table: each resource's name (linking to its page under `base`) and id. */
export function NameIdTable({ rows, what, base }: { rows: { Id: string; Name: string }[]; what: string; base: string }) {
  return (
    <table>
      <caption>
        {rows.length} {what}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Id</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.Id}>
            <td>
              <Link to={`${base}/${r.Id}`}>{r.Name}</Link>
            </td>
            <td className="mono">{r.Id}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
