// Placeholder: replaced by the panel implementation.
export function ProblemsPanel() {
  return <div className="panel-placeholder" data-testid="ProblemsPanel">ProblemsPanel</div>;
}
