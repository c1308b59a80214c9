// Installs the keyboard shortcuts (shortcuts.ts) on the window.
import { useEffect } from 'react';
import { runCommand, type CommandDeps } from './run';
import { IS_MAC, matchShortcut } from './shortcuts';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'range'].includes(target.type);
  return false;
}

export function useShortcuts(deps: CommandDeps): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const s = matchShortcut(e, IS_MAC, isTyping(e.target));
      if (!s) return;
      // Escape inside a dialog or menu belongs to it.
      if (s.id === 'escape' && e.target instanceof HTMLElement && e.target.closest('[role="dialog"],[role="menu"]'))
        return;
      e.preventDefault();
      runCommand(s.id, deps);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [deps]);
}
