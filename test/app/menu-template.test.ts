import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, type MenuCommand } from '../../src/main/app/menu-template';
import { events } from '../../src/shared/contract';

const platforms = ['linux', 'win32', 'darwin'] as const;

function fileItems(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const file = template.find((m) => m.label?.replace('&', '') === 'File');
  expect(file, 'a File menu').toBeDefined();
  return file!.submenu as MenuItemConstructorOptions[];
}

function click(item: MenuItemConstructorOptions | undefined): void {
  expect(item?.click, `${item?.label} does something`).toBeTypeOf('function');
  (item!.click as () => void)();
}

/** Every item of a template, submenus included. */
function allItems(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? allItems(i.submenu) : [])]);
}

/**
 * Roles that reach DevTools or reload the page: the items themselves, and Electron's standard View menu, which holds
 * them (with their shortcuts: Ctrl+Shift+I, F12, Ctrl+R).
 */
const DEVELOPER_ROLES = ['toggleDevTools', 'reload', 'forceReload', 'viewMenu'];

describe('the application menu', () => {
  it.each(platforms)('on %s: File > Open… and Export… ask the page, through the contract event', (platform) => {
    const sent: MenuCommand[] = [];
    const items = fileItems(applicationMenuTemplate((c) => sent.push(c), { platform, devTools: false }));
    click(items.find((i) => i.label === 'Open…'));
    click(items.find((i) => i.label === 'Export…'));
    expect(sent).toEqual(['open', 'export']);
    // What the menu sends is what the contract declares, so the page's typed listener receives it.
    for (const command of sent) expect(events['menu/command'].safeParse(command).success).toBe(true);
  });

  it('ends File with Quit (Close on macOS, whose app menu has Quit), and has Edit, View and Window menus', () => {
    const linux = applicationMenuTemplate(() => undefined, { platform: 'linux', devTools: false });
    expect(fileItems(linux).at(-1)?.role).toBe('quit');
    expect(linux.map((m) => m.role ?? m.label)).toEqual(['&File', 'editMenu', '&View', 'windowMenu']);
    const mac = applicationMenuTemplate(() => undefined, { platform: 'darwin', devTools: false });
    expect(mac[0]?.role).toBe('appMenu');
    expect(fileItems(mac).at(-1)?.role).toBe('close');
    expect(mac.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'File', 'editMenu', 'View', 'windowMenu']);
  });

  it('shows Ctrl+O without taking it from the page, which opens on Ctrl+O itself', () => {
    const open = fileItems(applicationMenuTemplate(() => undefined, { platform: 'linux', devTools: false })).find((i) => i.label === 'Open…');
    expect(open).toMatchObject({ accelerator: 'CmdOrCtrl+O', registerAccelerator: false });
  });

  it.each(platforms)('on %s, in production: no DevTools, no reload, by item or shortcut; zoom and full screen stay', (platform) => {
    const items = allItems(applicationMenuTemplate(() => undefined, { platform, devTools: false }));
    expect(items.filter((i) => DEVELOPER_ROLES.includes(i.role ?? '')).map((i) => i.role)).toEqual([]);
    expect(items.filter((i) => /F12|Shift\+I|\+R$/i.test(String(i.accelerator ?? ''))).map((i) => i.accelerator)).toEqual([]);
    expect(items.map((i) => i.role).filter((r) => r && ['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'].includes(r))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it.each(platforms)('on %s, in development: Electron’s standard View menu, DevTools and reload included', (platform) => {
    const template = applicationMenuTemplate(() => undefined, { platform, devTools: true });
    expect(template.map((m) => m.role)).toContain('viewMenu');
  });
});
