import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_HOSTS, externalLinkDecision } from '../../src/main/app/external-links';

const root = resolve(import.meta.dirname, '..', '..');

describe('links that leave the app (shell.openExternal)', () => {
  it.each([...EXTERNAL_LINK_HOSTS])('opens https pages of %s, as parsed', (host) => {
    expect(externalLinkDecision(`https://${host}/some/page?x=1#part`)).toEqual({ open: true, url: `https://${host}/some/page?x=1#part` });
  });

  it('hands the browser the parsed address, not the raw string', () => {
    expect(externalLinkDecision('https://WWW.WUDAPT.ORG/a b')).toEqual({ open: true, url: 'https://www.wudapt.org/a%20b' });
  });

  it.each([
    ['a site the app does not link to', 'https://example.com/', /example\.com is not one of the sites/],
    ['a subdomain of a listed site', 'https://evil.www.wudapt.org/', /not one of the sites/],
    ['a look-alike host ending like a listed one', 'https://notwww.wudapt.org/', /not one of the sites/],
    ['a listed name as a prefix of another host', 'https://www.wudapt.org.evil.com/', /not one of the sites/],
    ['the trailing-dot spelling of a listed host', 'https://www.wudapt.org./', /not one of the sites/],
    ['an internationalised look-alike', 'https://www.wudаpt.org/', /not one of the sites/],
    ['plain http to a listed host', 'http://www.wudapt.org/', /only https links/],
    ['credentials in the link', 'https://user:pass@www.wudapt.org/', /credentials/],
    ['a listed host on another port', 'https://www.wudapt.org:8443/', /port \(8443\)/],
    ['file://', 'file:///etc/passwd', /only https links/],
    ['a local program’s scheme', 'smb://host/share', /only https links/],
    ['javascript:', 'javascript:alert(1)', /only https links/],
    ['garbage', 'not a url', /not a valid URL/],
  ])('refuses %s, saying why', (_what, url, why) => {
    const decision = externalLinkDecision(url);
    expect(decision.open).toBe(false);
    if (!decision.open) expect(decision.reason).toMatch(why);
  });

  it('lists every host that an https link in the renderer’s sources points to', () => {
    const files = readdirSync(join(root, 'src', 'renderer'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tsx?|html)$/.test(f) && !f.includes('.test.'));
    expect(files.length, 'the renderer’s sources were found').toBeGreaterThan(10);
    const links = files.flatMap((f) => [...readFileSync(join(root, 'src', 'renderer', f), 'utf8').matchAll(/https:\/\/[^\s'"`<>)]+/g)].map((m) => ({ file: f, url: m[0] })));
    for (const { file, url } of links) expect(externalLinkDecision(url), `${url} in src/renderer/${file}`).toMatchObject({ open: true });
  });
});
