import { useRef, useState } from 'preact/hooks';
import { uploadLine, type UploadState } from './use-uploads.js';

/** The file types the server reads (by name; it checks the bytes too). */
const ACCEPT = '.pdf,.docx,.md,.markdown,.txt,.html,.htm,.csv';

/**
 * A drop zone that is also a file picker: drop several files on it, or choose them with the
 * button (keyboard and screen readers use the button; the zone is only a bigger target).
 */
export function FileDrop({ id, onFiles, isDisabled }: { id: string; onFiles: (files: File[]) => void; isDisabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [isOver, setIsOver] = useState(false);
  return (
    <div
      class={`file-drop${isOver ? ' file-drop-over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        if (!isDisabled) setIsOver(true);
      }}
      onDragLeave={() => setIsOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setIsOver(false);
        const files = [...(event.dataTransfer?.files ?? [])];
        if (!isDisabled && files.length > 0) onFiles(files);
      }}
    >
      <p>Drop files here, or</p>
      <label for={id} class="btn">
        Choose files
      </label>
      <input
        ref={input}
        id={id}
        class="sr-only"
        type="file"
        multiple
        accept={ACCEPT}
        disabled={isDisabled}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          if (files.length > 0) onFiles(files);
          event.currentTarget.value = '';
        }}
      />
      <p class="muted">PDF, Word, Markdown, HTML, CSV or text; several at once; up to 25 MB each.</p>
    </div>
  );
}

/** Each file being uploaded and how it went (announced as it changes). */
export function UploadList({ uploads, label }: { uploads: readonly UploadState[]; label: string }) {
  if (uploads.length === 0) return null;
  return (
    <ul class="plain-list upload-list" aria-label={label} aria-live="polite">
      {uploads.map((upload, index) => (
        <li key={`${upload.name}-${index}`} class={upload.state === 'failed' ? 'field-problem' : undefined}>
          {uploadLine(upload)}
        </li>
      ))}
    </ul>
  );
}
