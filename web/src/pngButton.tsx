/**
 * The "PNG" button a panel opts into with one line: it downloads the panel it
 * sits in (its closest section) as a picture at twice the CSS resolution or
 * the screen's, whichever is finer, named after the panel's title.
 */
import { useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';
import { panelPng } from './panelImage.js';

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '') || 'panel';

export function PngButton({ title }: { title: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState('');
  const save = async () => {
    const panel = ref.current?.closest('section');
    if (!panel) return;
    try {
      const blob = await panelPng(panel, Math.max(2, devicePixelRatio));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `mlp-lab-${slug(title)}.png`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setError('');
    } catch (e) {
      setError(t('pngFailed', { why: (e as Error).message }));
    }
  };
  return (
    <>
      <button
        ref={ref}
        type="button"
        class="png-button"
        aria-label={t('pngSave', { panel: title })}
        title={t('pngSave', { panel: title })}
        data-testid="png"
        onClick={save}
      >
        PNG
      </button>
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
