import { useState, type FormEvent } from 'react';
import type { Summary } from '../api/types';
import { useConsole } from '../context';
import { ErrorMessage } from '../ui/error-message';
import { CheckboxGroup, SelectField, TextField } from '../ui/field';
import { invalidFields, wholeNumber, type FieldErrors } from '../ui/form-checks';
import { useAction } from '../ui/use-action';
import { PASSWORD_HINT, passwordProblem } from './password-rule';

/** CreateUser: username, password, name and email, routing profile, security profiles, after-contact work limit. */
export function UserCreateForm({ profiles, securityProfiles, onCreated }: { profiles: Summary[]; securityProfiles: Summary[]; onCreated: (username: string) => void }) {
  const { api } = useConsole();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [first, setFirst] = useState('');
  const [last, setLast] = useState('');
  const [email, setEmail] = useState('');
  const [profile, setProfile] = useState('');
  const [security, setSecurity] = useState<string[]>(() => securityProfiles.filter((s) => s.Name === 'Agent').map((s) => s.Id));
  const [acw, setAcw] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!/^[a-zA-Z0-9_\-.@]{1,100}$/.test(username)) errs.username = 'Username is required: letters, digits and _ - . @ only.';
    const pw = passwordProblem(password);
    if (pw) errs.password = pw;
    if (!profile) errs.profile = 'Choose a routing profile.';
    if (!security.length) errs.security = 'Choose at least one security profile.';
    const limit = wholeNumber(acw, 'After-contact work', 0, 2_000_000);
    if (limit.error) errs.acw = limit.error;
    setFields(errs);
    const invalid = invalidFields(errs);
    const ok = await action.run(async () => {
      if (invalid) throw invalid;
      await api.createUser({
        Username: username,
        Password: password,
        IdentityInfo: { FirstName: first, LastName: last, ...(email ? { Email: email } : {}) },
        PhoneConfig: { PhoneType: 'SOFT_PHONE', ...(limit.value !== undefined ? { AfterContactWorkTimeLimit: limit.value } : {}) },
        SecurityProfileIds: security,
        RoutingProfileId: profile,
      });
    });
    if (!ok) return;
    onCreated(username);
    setUsername('');
    setPassword('');
    setFirst('');
    setLast('');
    setEmail('');
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="create-user" aria-busy={action.busy}>
      <h2 id="create-user">Create a user</h2>
      <ErrorMessage error={action.error} title="The user was not created." />
      <TextField label="Username" value={username} onChange={setUsername} error={fields.username} autoComplete="off" required />
      <TextField label="Password" type="password" value={password} onChange={setPassword} error={fields.password} hint={PASSWORD_HINT} autoComplete="new-password" required />
      <TextField label="First name" value={first} onChange={setFirst} />
      <TextField label="Last name" value={last} onChange={setLast} />
      <TextField label="Email" type="email" value={email} onChange={setEmail} />
      <SelectField label="Routing profile" value={profile} onChange={setProfile} error={fields.profile} placeholder="Choose…" options={profiles.map((p) => ({ value: p.Id, label: p.Name }))} />
      <CheckboxGroup legend="Security profiles" options={securityProfiles.map((s) => ({ value: s.Id, label: s.Name }))} selected={security} onChange={setSecurity} error={fields.security} />
      <TextField label="After-contact work limit (seconds)" type="number" min={0} value={acw} onChange={setAcw} error={fields.acw} hint="Empty or 0: until the agent closes the contact" />
      <button type="submit" className="primary" disabled={action.busy}>
        Create user
      </button>
    </form>
  );
}
