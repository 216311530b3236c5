/**
 * Writes the renderer's Content-Security-Policy into the built index.html as a <meta> tag. The Electron app loads
 * the page from file://, where no response header carries a policy; the meta tag is the policy there. Its text
 * comes from the one source, src/shared/csp.ts, that browser mode's header uses too.
 */
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from '../../src/shared/csp';

/** Directives a <meta> policy cannot carry: browsers ignore them there (with a console warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The policy of src/shared/csp.ts without its header-only directives. */
export function metaContentSecurityPolicy(): string {
  return contentSecurityPolicy()
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => !HEADER_ONLY.has(directive.split(/\s+/)[0]!))
    .join('; ');
}

export function cspMetaPlugin(): Plugin {
  return {
    name: 'lcz-csp-meta',
    // Build only: the dev server's page needs Vite's inline scripts (HMR, React refresh), which the policy forbids.
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // First in <head>, so the policy is in force before any script or stylesheet tag is read.
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() }, injectTo: 'head-prepend' }],
    },
  };
}
