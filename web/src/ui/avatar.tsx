import { useState } from 'preact/hooks';

export function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  return letters.map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}

/**
 * The twin's avatar when it is served by this origin (the CSP allows no other), else its
 * initials on a colour derived from the name.
 */
export function Avatar({ name, url, size = 'md' }: { name: string; url: string | null | undefined; size?: 'sm' | 'md' }) {
  const [failed, setFailed] = useState(false);
  const local = !!url && url.startsWith('/') && !url.startsWith('//');
  let hue = 0;
  for (const ch of name) hue = (hue * 31 + ch.charCodeAt(0)) % 360;
  if (local && !failed) {
    return <img class={`avatar avatar-${size}`} src={url} alt="" width={40} height={40} onError={() => setFailed(true)} />;
  }
  return (
    <span class={`avatar avatar-${size} initials hue-${Math.floor(hue / 30)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
