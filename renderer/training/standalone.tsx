// A page with only the Training panel (training.html): for the e2e test and the benchmark until the
// panel is mounted in the app layout, and for a quick look at training without the editor.
// ?template=<id> opens a template first; ?testHooks exposes the stores as window.__training.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { templateById } from '../../templates';
import { useEditor } from '../store/store';
import { TrainingPanel } from './TrainingPanel';
import { training, useTraining } from './trainingStore';
import '../styles.css';

const q = new URLSearchParams(window.location.search);
const t = templateById(q.get('template') ?? 'lenet5-mnist');
if (t) useEditor.getState().loadDoc(t.build(), { path: null, name: t.title });
if (q.has('testHooks')) (window as unknown as { __training: unknown }).__training = { training, useTraining, useEditor };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}><TrainingPanel /></div>
  </StrictMode>,
);
