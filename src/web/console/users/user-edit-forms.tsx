import { useState } from 'react';
import type { Summary, User } from '../api/types';
import { useConsole } from '../context';
import { ChangePanel, useSaves } from '../ui/change-panel';
import { CheckboxGroup, SelectField, TextField } from '../ui/field';
import { invalidFields } from '../ui/form-checks';
import { PASSWORD_HINT, passwordProblem } from './password-rule';

/** The user updates: identity, routing profile, security profiles, and Parley's set-password. Each saves on its own. */
export function UserEditForms({ user, profiles, securityProfiles, onSaved }: { user: User; profiles: Summary[]; securityProfiles: Summary[]; onSaved: () => void }) {
  const { api } = useConsole();
  const [first, setFirst] = useState(user.IdentityInfo.FirstName ?? '');
  const [last, setLast] = useState(user.IdentityInfo.LastName ?? '');
  const [email, setEmail] = useState(user.IdentityInfo.Email ?? '');
  const [profile, setProfile] = useState(user.RoutingProfileId);
  const [security, setSecurity] = useState(user.SecurityProfileIds);
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<{ security?: string; password?: string }>({});

  const saves = useSaves(onSaved);
  const { action, save } = saves;
  const check = (field: 'security' | 'password', problem: string | undefined) => {
    setFieldError({ [field]: problem });
    const invalid = invalidFields(problem ? { [field]: problem } : {});
    if (invalid) throw invalid;
  };

  return (
    <ChangePanel saves={saves}>
      <form onSubmit={save('Identity', () => api.updateUserIdentity(user.Id, { FirstName: first, LastName: last, ...(email ? { Email: email } : {}) }))} noValidate aria-label="Identity" className="inline-form">
        <TextField label="First name" value={first} onChange={setFirst} />
        <TextField label="Last name" value={last} onChange={setLast} />
        <TextField label="Email" type="email" value={email} onChange={setEmail} />
        <button type="submit" disabled={action.busy}>
          Save identity
        </button>
      </form>
      <form onSubmit={save('Routing profile', () => api.updateUserRoutingProfile(user.Id, profile))} noValidate aria-label="Routing profile" className="inline-form">
        <SelectField label="Routing profile" value={profile} onChange={setProfile} options={profiles.map((p) => ({ value: p.Id, label: p.Name }))} />
        <button type="submit" disabled={action.busy}>
          Save routing profile
        </button>
      </form>
      <form
        onSubmit={save('Security profiles', async () => {
          check('security', security.length ? undefined : 'Choose at least one security profile.');
          await api.updateUserSecurityProfiles(user.Id, security);
        })}
        noValidate
        aria-label="Security profiles"
        className="inline-form"
      >
        <CheckboxGroup legend="Security profiles" options={securityProfiles.map((s) => ({ value: s.Id, label: s.Name }))} selected={security} onChange={setSecurity} error={fieldError.security} />
        <button type="submit" disabled={action.busy}>
          Save security profiles
        </button>
      </form>
      <form
        onSubmit={save('Password', async () => {
          check('password', passwordProblem(password));
          await api.setUserPassword(user.Id, password);
          setPassword('');
        })}
        noValidate
        aria-label="Password"
        className="inline-form"
      >
        <TextField label="New password" type="password" value={password} onChange={setPassword} error={fieldError.password} hint={`${PASSWORD_HINT}. Ends the user's sessions.`} autoComplete="new-password" />
        <button type="submit" disabled={action.busy}>
          Set password
        </button>
      </form>
    </ChangePanel>
  );
}
