// Placeholder layout: replaced by the editor implementation.
import { Inspector } from './panels/Inspector';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { SummaryPanel } from './panels/SummaryPanel';
import { TemplateGallery } from './panels/TemplateGallery';

export function App() {
  return (
    <div className="app">
      <TemplateGallery />
      <Inspector />
      <ProblemsPanel />
      <SummaryPanel />
    </div>
  );
}
