// The store's notice (an error opening a file, "Saved", a refused edit) as a dismissible banner.
import { memo, useEffect } from 'react';
import { useEditor } from '../store/store';
import { useT } from '../i18n';

export const Notice = memo(function Notice() {
  const notice = useEditor((s) => s.notice);
  const clear = useEditor((s) => s.clearNotice);
  const tr = useT();
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(clear, 6000);
    return () => clearTimeout(t);
  }, [notice, clear]);
  if (!notice) return null;
  return (
    <div
      className={`notice ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
      data-kind={notice.kind}
    >
      <span className="notice-text">{notice.text}</span>
      <button
        type="button"
        className="notice-close"
        aria-label={tr.t('ui.notice.dismiss')}
        data-testid="notice-close"
        onClick={clear}
      >
        ×
      </button>
    </div>
  );
});
