/**
 * Classroom mode: a teacher ticks control groups to hide, the choice travels
 * in the shared link (Settings.hide), and whoever opens it sees the rest, a
 * mark saying that controls are hidden, and a button that shows them again.
 */
import { type Key, t } from './i18n.js';
import { CLASSROOM_ITEMS, type ClassroomItem } from './settings.js';

const LABELS: Record<ClassroomItem, Key> = {
  data: 'classroomData',
  network: 'classroomNetwork',
  training: 'classroomTraining',
  files: 'classroomFiles',
  tours: 'classroomTours',
  points: 'classroomPoints',
};

export function ClassroomPicker({
  hide,
  onChange,
}: {
  hide: readonly ClassroomItem[];
  onChange: (hide: ClassroomItem[]) => void;
}) {
  return (
    <details class="classroom-picker" data-testid="classroom-picker">
      <summary>{t('classroom')}</summary>
      <p class="help">{t('classroomHelp')}</p>
      <fieldset>
        <legend>{t('classroomHide')}</legend>
        {CLASSROOM_ITEMS.map((item) => (
          <label key={item} class="classroom-item">
            <input
              type="checkbox"
              data-testid={`classroom-${item}`}
              checked={hide.includes(item)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                onChange(CLASSROOM_ITEMS.filter((h) => (h === item ? on : hide.includes(h))));
              }}
            />
            {t(LABELS[item])}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export function ClassroomMark({
  hide,
  onShowAll,
}: {
  hide: readonly ClassroomItem[];
  onShowAll: () => void;
}) {
  if (hide.length === 0) return null;
  return (
    <div class="classroom-mark" role="note" data-testid="classroom-mark">
      <strong>{t('classroom')}</strong>{' '}
      {t('classroomHidden', { names: hide.map((h) => t(LABELS[h])).join(', ') })}{' '}
      <button type="button" data-testid="classroom-show-all" onClick={onShowAll}>
        {t('classroomShowAll')}
      </button>
    </div>
  );
}
