import type { AttachmentInfo } from '../client';
import { useAction } from './use-action';

/**
 * A download button for an attachment: the URL is asked for when clicked (Connect's download
 * URLs expire), then followed; the server answers with Content-Disposition: attachment.
 */
export function AttachmentLink({ attachment, getUrl }: { attachment: AttachmentInfo; getUrl: ((id: string) => Promise<string>) | null }) {
  const { run, busy, error } = useAction(async () => {
    const url = await getUrl!(attachment.AttachmentId);
    const a = document.createElement('a');
    a.href = url;
    a.download = attachment.AttachmentName;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  });
  const ready = attachment.Status === undefined || attachment.Status === 'APPROVED';
  return (
    <span className="attachment">
      <button
        type="button"
        className="file"
        disabled={!getUrl || !ready || busy}
        onClick={() => void run()}
        aria-label={`Download ${attachment.AttachmentName}`}
        title={getUrl ? 'Download' : 'Downloads work while the chat is connected'}
      >
        <span className="file-icon" aria-hidden="true" />
        {attachment.AttachmentName}
      </button>
      {!ready && <span className="muted"> ({attachment.Status === 'REJECTED' ? 'rejected' : 'uploading'})</span>}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
