// Placeholder: replaced by the panel implementation.
export function Inspector() {
  return <div className="panel-placeholder" data-testid="Inspector">Inspector</div>;
}
