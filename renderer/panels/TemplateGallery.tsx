// Placeholder: replaced by the panel implementation.
export function TemplateGallery() {
  return <div className="panel-placeholder" data-testid="TemplateGallery">TemplateGallery</div>;
}
