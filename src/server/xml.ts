/** Escapes text for an XML element or attribute. */
export function xmlEscape(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

/**
 * Renders a value as XML elements the way AWS Query protocols do: objects
 * become nested elements, arrays become repeated `<member>` elements.
 */
export function toXml(value: unknown, indent = ''): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value))
    return value.map((v) => `${indent}<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(typeof value === 'string' ? value : JSON.stringify(value));
}
