// Small stroke icons drawn inline (no icon font, nothing remote: CSP-safe).
const PATHS = {
  dashboard: 'M3 3h7v9H3z M14 3h7v5h-7z M14 12h7v9h-7z M3 16h7v5H3z',
  register: 'M9 6h12 M9 12h12 M9 18h12 M4 6h1 M4 12h1 M4 18h1',
  requests: 'M3 5h18v14H3z M3 6l9 7 9-7',
  deadlines: 'M4 5h16v15H4z M4 10h16 M8 3v4 M16 3v4 M12 13v3l2 1.5',
  retention: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M12 7v5l3 3',
  reports: 'M14 3H6v18h12V7z M14 3v4h4 M9 12h6 M9 16h6',
  audit: 'M12 3l8 3v6c0 5-3.5 8-8 9c-4.5-1-8-4-8-9V6z M9 12l2 2 4-4',
  settings: 'M4 6h9 M17 6h3 M4 12h3 M11 12h9 M4 18h11 M19 18h1 M15 4v4 M9 10v4 M17 16v4',
  plus: 'M12 5v14 M5 12h14',
  lock: 'M5 11h14v10H5z M8 11V7a4 4 0 0 1 8 0v4 M12 15v2',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
