import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type PluginOption } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../../electron.vite.config';
import { cspMetaPlugin, metaContentSecurityPolicy } from '../../scripts/lib/csp-meta-plugin';
import { contentSecurityPolicy } from '../../src/shared/csp';

const root = resolve(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'lcz-csp-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** An attribute's value as the browser reads it (Vite writes ' as &#39;). */
function decodeAttribute(value: string): string {
  const named: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) =>
    code.startsWith('#x') || code.startsWith('#X') ? String.fromCodePoint(parseInt(code.slice(2), 16))
    : code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1)))
    : (named[code] ?? whole));
}

/** The Content-Security-Policy meta tags of an HTML page, and where in the page each is. */
function cspMetas(html: string): { content: string; index: number }[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) => ({ content: decodeAttribute(m[1]!), index: m.index }));
}

function pluginNames(plugins: PluginOption[] | undefined): string[] {
  return (plugins ?? []).flat(Infinity as 1).flatMap((p) => (p && typeof p === 'object' && 'name' in p ? [p.name] : []));
}

describe('the CSP of the built renderer page', () => {
  it('is the shared policy less what a <meta> tag cannot carry (frame-ancestors)', () => {
    const header = contentSecurityPolicy().split('; ');
    expect(header.some((d) => d.startsWith('frame-ancestors'))).toBe(true);
    expect(metaContentSecurityPolicy().split('; ')).toEqual(header.filter((d) => !d.startsWith('frame-ancestors')));
  });

  it('is written by the renderer build of electron.vite.config.ts', () => {
    const renderer = (config as { renderer?: { plugins?: PluginOption[] } }).renderer;
    expect(pluginNames(renderer?.plugins)).toContain('lcz-csp-meta');
  });

  it('sits in the built index.html, once, before any script or stylesheet', async () => {
    // Our index.html built by Vite with the plugin; the React entry is swapped for a one-line script to keep it fast.
    const html = readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8');
    expect(html).toContain('src="./main.tsx"');
    writeFileSync(join(temp, 'index.html'), html.replace('src="./main.tsx"', 'src="./main.js"'));
    writeFileSync(join(temp, 'main.js'), 'document.title = "built";\n');
    copyFileSync(join(root, 'src', 'renderer', 'public', 'favicon.svg'), join(temp, 'favicon.svg'));
    await build({ root: temp, configFile: false, logLevel: 'silent', plugins: [cspMetaPlugin()], build: { outDir: join(temp, 'out'), emptyOutDir: true } });

    const built = readFileSync(join(temp, 'out', 'index.html'), 'utf8');
    const metas = cspMetas(built);
    expect(metas.map((m) => m.content)).toEqual([metaContentSecurityPolicy()]);
    const head = built.slice(0, built.indexOf('</head>'));
    for (const tag of ['<script', '<link']) {
      const at = head.indexOf(tag);
      if (at >= 0) expect(metas[0]!.index, `the policy comes before the first ${tag}`).toBeLessThan(at);
    }
    expect(head).toContain('<script');
  });
});
