/**
 * Which web pages the desktop app hands to the user's browser (shell.openExternal): only the hosts below, the
 * destinations of the app's documentation and data links. Anything else is refused and logged, not asked about: the
 * page is our own code, so every link it can show is known in advance, and a URL outside this list means injected
 * content or a bug; a "Open this address?" dialog would only teach users to confirm whatever a hostile page asks.
 * Plain data, no Electron at run time, so the decision is testable (test/app/external-links.test.ts also checks
 * that every https link written in the renderer's sources is on the list).
 */

/** Exact host names (no wildcard: a subdomain is another site). Add one here with the link that needs it. */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'www.wudapt.org', // WUDAPT: the LCZ community portal, its protocol and LCZ maps
  'lcz-generator.rub.de', // WUDAPT's LCZ Generator (Demuzere et al. 2021), what planners already use
  'mediatum.ub.tum.de', // So2Sat LCZ42, the training data set (TUM's mediaTUM)
  'doi.org', // the papers behind the classes and data (Stewart & Oke 2012, Zhu et al. 2020)
  'axelera.ai', // Axelera AI: the Metis accelerator and the Voyager SDK the deployment targets
  'www.axelera.ai',
  'www.openstreetmap.org', // the copyright page the basemap's attribution links to (OpenStreetMap's licence asks for it)
]);

export type ExternalLinkDecision = { open: true; url: string } | { open: false; reason: string };

/**
 * Whether `url` may go to the user's browser, and the normalised address to open (the parsed form, so what the
 * desktop's URL handler receives is what was checked). https only, on its default port, without credentials.
 */
export function externalLinkDecision(url: string): ExternalLinkDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { open: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'https:') return { open: false, reason: `only https links open outside the app, not ${parsed.protocol}` };
  if (parsed.username || parsed.password) return { open: false, reason: 'the link carries credentials' };
  if (parsed.port) return { open: false, reason: `the link names a port (${parsed.port})` };
  if (!EXTERNAL_LINK_HOSTS.has(parsed.hostname)) return { open: false, reason: `${parsed.hostname} is not one of the sites the app links to` };
  return { open: true, url: parsed.href };
}
