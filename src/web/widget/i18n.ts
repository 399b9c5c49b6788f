/** The widget's texts. English is complete; other languages fall back to it key by key. */
const en = {
  open: 'Open chat',
  close: 'Minimise chat',
  title: 'Chat with us',
  start: 'Start chat',
  starting: 'Starting…',
  required: 'required',
  name: 'Your name',
  message: 'Message',
  send: 'Send',
  attach: 'Attach a file',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost. Reconnecting…',
  ended: 'This chat has ended.',
  newChat: 'Start a new chat',
  endChat: 'End chat',
  confirmEnd: 'End this chat?',
  yes: 'Yes, end it',
  no: 'No',
  download: 'Download transcript',
  resume: 'Continue on another device',
  resumeHint: 'Open this link on your other device. Anyone with it can read and write in this chat: keep it private.',
  copy: 'Copy link',
  copied: 'Copied',
  typing: '{name} is typing…',
  joined: '{name} joined the chat',
  left: '{name} left the chat',
  chatEnded: 'The chat ended',
  previous: 'New conversation',
  delivered: 'Delivered',
  read: 'Read',
  sending: 'Sending…',
  failed: 'Not sent',
  dismiss: 'Dismiss',
  you: 'You',
  menu: 'More options',
  error: 'Something went wrong. Please try again.',
  unread: '{n} unread messages',
  uploading: 'Uploading {name}…',
  pick: 'Choose',
};
export type Texts = typeof en;
export const LANGS = ['en', 'de', 'fr', 'es'] as const;
export type Lang = (typeof LANGS)[number];

const other: Record<Exclude<Lang, 'en'>, Partial<Texts>> = {
  de: {
    open: 'Chat öffnen', close: 'Chat minimieren', title: 'Chatten Sie mit uns', start: 'Chat starten', starting: 'Wird gestartet…', required: 'Pflichtfeld',
    name: 'Ihr Name', message: 'Nachricht', send: 'Senden', attach: 'Datei anhängen', connecting: 'Verbinde…', connected: 'Verbunden',
    reconnecting: 'Verbindung verloren. Verbinde neu…', ended: 'Dieser Chat ist beendet.', newChat: 'Neuen Chat starten', endChat: 'Chat beenden',
    confirmEnd: 'Diesen Chat beenden?', yes: 'Ja, beenden', no: 'Nein', download: 'Verlauf herunterladen', resume: 'Auf einem anderen Gerät fortsetzen',
    resumeHint: 'Öffnen Sie diesen Link auf Ihrem anderen Gerät. Wer ihn hat, kann in diesem Chat lesen und schreiben: geben Sie ihn nicht weiter.',
    copy: 'Link kopieren', copied: 'Kopiert', typing: '{name} schreibt…', joined: '{name} ist dem Chat beigetreten', left: '{name} hat den Chat verlassen',
    chatEnded: 'Der Chat wurde beendet', previous: 'Neue Unterhaltung', delivered: 'Zugestellt', read: 'Gelesen', sending: 'Wird gesendet…',
    failed: 'Nicht gesendet', dismiss: 'Verwerfen', you: 'Sie', menu: 'Weitere Optionen', error: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    unread: '{n} ungelesene Nachrichten', uploading: '{name} wird hochgeladen…', pick: 'Auswählen',
  },
  fr: {
    open: 'Ouvrir le chat', close: 'Réduire le chat', title: 'Discutez avec nous', start: 'Démarrer le chat', name: 'Votre nom', message: 'Message',
    send: 'Envoyer', attach: 'Joindre un fichier', connected: 'Connecté', reconnecting: 'Connexion perdue. Reconnexion…', ended: 'Ce chat est terminé.',
    newChat: 'Démarrer un nouveau chat', endChat: 'Terminer le chat', download: 'Télécharger la conversation', resume: 'Continuer sur un autre appareil',
    typing: '{name} écrit…', delivered: 'Distribué', read: 'Lu', you: 'Vous',
  },
  es: {
    open: 'Abrir chat', close: 'Minimizar chat', title: 'Chatea con nosotros', start: 'Iniciar chat', name: 'Tu nombre', message: 'Mensaje',
    send: 'Enviar', attach: 'Adjuntar archivo', connected: 'Conectado', reconnecting: 'Conexión perdida. Reconectando…', ended: 'Este chat ha terminado.',
    newChat: 'Iniciar un chat nuevo', endChat: 'Terminar chat', download: 'Descargar conversación', resume: 'Continuar en otro dispositivo',
    typing: '{name} está escribiendo…', delivered: 'Entregado', read: 'Leído', you: 'Tú',
  },
};

/** The supported language closest to a BCP 47 tag (de-AT → de), else English. */
export const languageOf = (tag: string): Lang => {
  const base = tag.toLowerCase().split(/[-_]/)[0];
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
};

export const textsFor = (lang: Lang): Texts => (lang === 'en' ? en : { ...en, ...other[lang] });

/** Fills `{name}` placeholders. */
export const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_m, k: string) => String(values[k] ?? ''));
