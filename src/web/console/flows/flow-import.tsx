import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { FLOW_TYPES, type FlowType } from '../api/types';
import { useConsole } from '../context';
import { navigate } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Field, SelectField, TextField } from '../ui/field';
import { invalidFields, type FieldErrors } from '../ui/form-checks';
import { useAction } from '../ui/use-action';
import { guessFlowFile, type FlowFileGuess } from './flow-file';

/**
 * Imports a flow file (an Amazon Connect export, or a Parley one) with CreateContactFlow, its
 * content as it is. A refused flow lists the server's problems; references to another instance
 * are for `parley flows import --map` (or an edit of the file) to fix.
 */
export function FlowImport() {
  const { api } = useConsole();
  const [file, setFile] = useState<FlowFileGuess | null>(null);
  const [name, setName] = useState('');
  const [type, setType] = useState<FlowType>('CONTACT_FLOW');
  const [description, setDescription] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const action = useAction();

  const choose = async (f: File | undefined) => {
    action.clear();
    if (!f) return setFile(null);
    const guess = guessFlowFile(f.name, await f.text());
    setFile(guess);
    setName(guess.name);
    setType(guess.type ?? 'CONTACT_FLOW');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!file) errs.file = 'Choose a flow file.';
    else if (!file.content.trim()) errs.file = 'The file is empty.';
    if (!name.trim()) errs.name = 'Name is required.';
    setFields(errs);
    const invalid = invalidFields(errs);
    let id = '';
    const ok = await action.run(async () => {
      if (invalid) throw invalid;
      id = (await api.createFlow({ Name: name.trim(), Type: type, Content: file!.content, ...(description ? { Description: description } : {}) })).ContactFlowId;
    });
    if (ok) navigate(`/flows/${id}`);
  };

  const refused = action.error instanceof ApiError && action.error.type === 'InvalidContactFlowException';
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="import-flow" aria-busy={action.busy}>
      <h2 id="import-flow">Import a flow</h2>
      <ErrorMessage error={action.error} title="The flow was not imported." />
      {refused && (
        <p className="hint">
          References to queues, flows or functions of another instance must be mapped to this one: import with <code>parley flows import --map</code>, or edit the file.
        </p>
      )}
      <Field label="Flow file" error={fields.file} hint="A JSON export of a flow (Amazon Connect's flow language)">
        {(p) => <input {...p} type="file" accept=".json,application/json" onChange={(e) => void choose(e.target.files?.[0])} />}
      </Field>
      {file?.legacy && (
        <p className="warning" role="status">
          This is an export of the old flow designer: convert it with <code>parley flows import</code>, which reads that format.
        </p>
      )}
      <TextField label="Name" value={name} onChange={setName} error={fields.name} required />
      <SelectField label="Type" value={type} onChange={(v) => setType(v as FlowType)} options={FLOW_TYPES.map((t) => ({ value: t, label: t }))} hint="Most exports do not say their type: check it" />
      <TextField label="Description" value={description} onChange={setDescription} />
      <button type="submit" className="primary" disabled={action.busy}>
        Import flow
      </button>
    </form>
  );
}
