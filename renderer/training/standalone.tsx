// A page with only the Training panel (training.html): for the e2e test and the benchmark until the
// panel is mounted in the app layout, and for a quick look at training without the editor.
// ?template=<id> opens a template first; ?testHooks exposes the stores and the e2e faults as window.__training
// (testHooks.ts, loaded only then, before the panel mounts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { templateById } from '../../templates';
import { useEditor } from '../store/store';
import { TrainingPanel } from './TrainingPanel';
import '../styles.css';
import { initTheme } from '../theme';

initTheme();

const q = new URLSearchParams(window.location.search);
const t = templateById(q.get('template') ?? 'lenet5-mnist');
if (t) useEditor.getState().loadDoc(t.build(), { path: null, name: t.title });
const hooks = q.has('testHooks') ? import('./testHooks').then((m) => m.installTestHooks()) : Promise.resolve();

void hooks.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        <TrainingPanel />
      </div>
    </StrictMode>,
  ),
);
