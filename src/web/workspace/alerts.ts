/**
 * How the workspace gets the agent's attention: a short generated tone (Web Audio, no file to
 * load) and a desktop notification. Browsers allow both only after a user action, so
 * `armAlerts` is called from the first click or key press: it creates the audio context and asks
 * for the notification permission once.
 */

let audio: AudioContext | null = null;

/** Prepares sound and asks for notifications; call from a user action (click, key press). */
export function armAlerts(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null; // No Web Audio: notifications still work.
  }
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

/** Arms alerts on the first user action anywhere on the page (after a reload nothing else would). */
export function armOnFirstAction(): () => void {
  const arm = () => {
    armAlerts();
    off();
  };
  const off = () => {
    window.removeEventListener('pointerdown', arm, true);
    window.removeEventListener('keydown', arm, true);
  };
  window.addEventListener('pointerdown', arm, true);
  window.addEventListener('keydown', arm, true);
  return off;
}

/** Plays a tone: two short notes for an offer, one soft note for a message. Silent if audio is not armed. */
export function playTone(kind: 'offer' | 'message'): void {
  if (!audio || audio.state !== 'running') return;
  const notes = kind === 'offer' ? [880, 1175] : [660];
  const t0 = audio.currentTime;
  notes.forEach((freq, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    const start = t0 + i * 0.18;
    osc.type = 'sine';
    osc.frequency.value = freq;
    // A quick fade in and out: a raw square edge clicks.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(kind === 'offer' ? 0.25 : 0.12, start + 0.02);
    gain.gain.linearRampToValueAtTime(0, start + 0.15);
    osc.connect(gain).connect(audio!.destination);
    osc.start(start);
    osc.stop(start + 0.16);
  });
}

/** Shows a desktop notification when allowed; clicking it focuses the workspace. */
export function notify(title: string, body: string, tag: string): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker: the tone and the panel remain.
  }
}
