import { useConsole } from '../context';
import { navigate } from '../router';
import { ConfirmButton } from '../ui/confirm-button';
import { ErrorMessage } from '../ui/error-message';
import { Link } from '../ui/link';
import { Page, Pending } from '../ui/page';
import { useAction } from '../ui/use-action';
import { useLoad } from '../ui/use-load';
import { UserEditForms } from './user-edit-forms';

/** One user: identity, routing and security profiles, and for an Admin the forms to change them, set a password or delete. */
export function UserDetail({ id }: { id: string }) {
  const { api, canWrite, session } = useConsole();
  const data = useLoad(() => Promise.all([api.describeUser(id), api.listRoutingProfiles(), api.listSecurityProfiles()]), `user:${id}`);
  const remove = useAction();
  if (!data.data)
    return (
      <Page title="User">
        <Pending error={data.error} what="user" />
      </Page>
    );
  const [user, profiles, security] = data.data;
  const nameOf = (list: { Id: string; Name: string }[], ref: string) => list.find((x) => x.Id === ref)?.Name ?? ref;
  const fullName = [user.IdentityInfo.FirstName, user.IdentityInfo.LastName].filter(Boolean).join(' ');
  return (
    <Page title={`User: ${user.Username}`} actions={<Link to="/users">All users</Link>}>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{fullName || '—'}</dd>
        <dt>Email</dt>
        <dd>{user.IdentityInfo.Email || '—'}</dd>
        <dt>Routing profile</dt>
        <dd>
          <Link to={`/routing-profiles/${user.RoutingProfileId}`}>{nameOf(profiles, user.RoutingProfileId)}</Link>
        </dd>
        <dt>Security profiles</dt>
        <dd>{user.SecurityProfileIds.map((s) => nameOf(security, s)).join(', ')}</dd>
        <dt>After-contact work limit</dt>
        <dd>{user.PhoneConfig.AfterContactWorkTimeLimit ? `${user.PhoneConfig.AfterContactWorkTimeLimit} s` : 'until the agent closes the contact'}</dd>
        <dt>Id</dt>
        <dd className="mono">{user.Id}</dd>
      </dl>
      {canWrite && (
        <>
          <UserEditForms user={user} profiles={profiles} securityProfiles={security} onSaved={data.reload} />
          <div className="panel">
            <h2>Delete</h2>
            <ErrorMessage error={remove.error} title="The user was not deleted." />
            {user.Username === session.username ? (
              <p className="muted">You cannot delete the user you are logged in as.</p>
            ) : (
              <ConfirmButton
                label="Delete user"
                confirmLabel={`Delete ${user.Username} for good`}
                disabled={remove.busy}
                onConfirm={async () => {
                  if (await remove.run(() => api.deleteUser(id))) navigate('/users');
                }}
              />
            )}
          </div>
        </>
      )}
    </Page>
  );
}
