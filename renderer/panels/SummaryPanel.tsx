// Placeholder: replaced by the panel implementation.
export function SummaryPanel() {
  return <div className="panel-placeholder" data-testid="SummaryPanel">SummaryPanel</div>;
}
