// Small inline icons for problem severities (no icon font: the CSP allows only the app's own files).
import type { Severity } from '../../shared/graph';

export function SeverityIcon({ severity }: { readonly severity: Severity }) {
  const common = {
    width: 14,
    height: 14,
    viewBox: '0 0 16 16',
    'aria-hidden': true,
    className: `pn-icon pn-icon-${severity}`,
  } as const;
  if (severity === 'error') {
    return (
      <svg {...common}>
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    );
  }
  if (severity === 'warning') {
    return (
      <svg {...common}>
        <path d="M8 1.5l7 12.5H1z" fill="currentColor" strokeLinejoin="round" />
        <path d="M8 6v4" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
        <circle cx="8" cy="12" r="0.9" fill="#fff" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M8 7.2v4.3" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
      <circle cx="8" cy="4.8" r="0.95" fill="#fff" />
    </svg>
  );
}
