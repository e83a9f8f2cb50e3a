// The Server-Timing response header (https://www.w3.org/TR/server-timing/), which the checkout sends
// on its dynamic routes with `d1`, `stripe` and `total` durations: the bench reads where a request's
// time went from it, as anyone can in the browser's DevTools.

/**
 * Parses a Server-Timing header: `name;dur=12.3;desc="text", other;dur=4`. Metrics without a
 * valid `dur` get null; a repeated metric keeps its first value, as the specification says.
 * @param {string | null | undefined} header
 * @returns {Map<string, { dur: number | null, desc: string | null }> | null} null without a header
 */
export function parseServerTiming(header) {
  if (header === null || header === undefined) return null;
  const metrics = new Map();
  for (const entry of splitOutsideQuotes(header, ',')) {
    const [name, ...params] = splitOutsideQuotes(entry, ';').map((part) => part.trim());
    if (!name || metrics.has(name)) continue;
    const metric = { dur: null, desc: null };
    for (const param of params) {
      const equals = param.indexOf('=');
      if (equals < 0) continue;
      const key = param.slice(0, equals).trim().toLowerCase();
      const value = unquote(param.slice(equals + 1).trim());
      if (key === 'dur' && metric.dur === null && value !== '' && Number.isFinite(Number(value)))
        metric.dur = Number(value);
      if (key === 'desc' && metric.desc === null) metric.desc = value;
    }
    metrics.set(name, metric);
  }
  return metrics;
}

/** Splits on `separator` except inside double quotes (where `\` escapes a character). */
function splitOutsideQuotes(text, separator) {
  const parts = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '\\') {
      current += char + (text[++i] ?? '');
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unquote(value) {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}
