import { DAYS, type Day } from '../api/types';
import { dayName } from './time';

/** One opening window while it is edited: times as the time inputs give them (`HH:MM`). */
export interface WindowDraft {
  day: Day;
  start: string;
  end: string;
}

/**
 * A weekly schedule: for each day, its opening windows (none: closed). Equal start and end times
 * mean the whole day, an end before the start runs past midnight, as in Connect.
 */
export function WeekEditor({ value, onChange, error }: { value: WindowDraft[]; onChange: (v: WindowDraft[]) => void; error?: string }) {
  const update = (i: number, patch: Partial<WindowDraft>) => onChange(value.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  return (
    <fieldset className={`week${error ? ' invalid' : ''}`}>
      <legend>Weekly schedule</legend>
      {error && <span className="field-error">{error}</span>}
      {DAYS.map((day) => {
        const windows = value.map((w, i) => ({ w, i })).filter((x) => x.w.day === day);
        return (
          <div className="day" key={day} role="group" aria-label={dayName(day)}>
            <span className="day-name">{dayName(day)}</span>
            {windows.length === 0 && <span className="muted">Closed</span>}
            {windows.map(({ w, i }, n) => (
              <span className="window" key={i}>
                <label>
                  opens <input type="time" aria-label={`${dayName(day)} window ${n + 1} opens`} value={w.start} onChange={(e) => update(i, { start: e.target.value })} required />
                </label>
                <label>
                  closes <input type="time" aria-label={`${dayName(day)} window ${n + 1} closes`} value={w.end} onChange={(e) => update(i, { end: e.target.value })} required />
                </label>
                <button type="button" className="link" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                  Remove<span className="sr-only"> {dayName(day)} window {n + 1}</span>
                </button>
              </span>
            ))}
            <button type="button" className="link" onClick={() => onChange([...value, { day, start: '09:00', end: '17:00' }])}>
              Add a window<span className="sr-only"> on {dayName(day)}</span>
            </button>
          </div>
        );
      })}
    </fieldset>
  );
}
