/**
 * Status messages describe a state ("Model loaded.", "Link copied."): once the
 * state changes they are stale. This hook runs `clear` whenever `key` differs
 * from the key at the previous render, but not on the first render, so a
 * message about the state the page opened with (a link's ignored fields) stays.
 */
import { useEffect, useRef } from 'preact/hooks';

export function useClearOnChange(key: string, clear: () => void): void {
  const last = useRef(key);
  useEffect(() => {
    if (key === last.current) return;
    last.current = key;
    clear();
    // clear is a fresh closure each render; only the key decides.
  }, [key]);
}
