import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { UserError } from '../../../shared/errors';

/** Parses an XML metadata file; malformed XML is a UserError naming the file (never a console message). */
export function parseXml(text: string, label: string): Document {
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && problems.push(message)) }).parseFromString(text, 'text/xml');
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    doc = null as unknown as Document;
  }
  if (problems.length > 0 || !doc?.documentElement) {
    throw new UserError(`is not valid XML (${problems[0]?.split('\n')[0] ?? 'no root element'}); the product may be damaged: download it again`, label);
  }
  return doc;
}

/** Elements by local name, whatever their namespace prefix (products write n1:General_Info and Product_Info alike). */
export function elements(root: Document | Element, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', name));
}

/** The trimmed text of the first element of that name under `root`, or null. */
export function textOf(root: Document | Element, name: string): string | null {
  const found = elements(root, name)[0];
  return found ? (found.textContent ?? '').trim() : null;
}
