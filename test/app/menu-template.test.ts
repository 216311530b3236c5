import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, type MenuCommand } from '../../src/main/app/menu-template';
import { events } from '../../src/shared/contract';

function fileItems(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const file = template.find((m) => m.label?.replace('&', '') === 'File');
  expect(file, 'a File menu').toBeDefined();
  return file!.submenu as MenuItemConstructorOptions[];
}

function click(item: MenuItemConstructorOptions | undefined): void {
  expect(item?.click, `${item?.label} does something`).toBeTypeOf('function');
  (item!.click as () => void)();
}

describe('the application menu', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('on %s: File > Open… and Export… ask the page, through the contract event', (platform) => {
    const sent: MenuCommand[] = [];
    const items = fileItems(applicationMenuTemplate((c) => sent.push(c), platform));
    click(items.find((i) => i.label === 'Open…'));
    click(items.find((i) => i.label === 'Export…'));
    expect(sent).toEqual(['open', 'export']);
    // What the menu sends is what the contract declares, so the page's typed listener receives it.
    for (const command of sent) expect(events['menu/command'].safeParse(command).success).toBe(true);
  });

  it('ends File with Quit (Close on macOS, whose app menu has Quit), and has the standard Edit, View and Window menus', () => {
    const linux = applicationMenuTemplate(() => undefined, 'linux');
    expect(fileItems(linux).at(-1)?.role).toBe('quit');
    expect(linux.map((m) => m.role).filter(Boolean)).toEqual(['editMenu', 'viewMenu', 'windowMenu']);
    const mac = applicationMenuTemplate(() => undefined, 'darwin');
    expect(mac[0]?.role).toBe('appMenu');
    expect(fileItems(mac).at(-1)?.role).toBe('close');
  });

  it('shows Ctrl+O without taking it from the page, which opens on Ctrl+O itself', () => {
    const open = fileItems(applicationMenuTemplate(() => undefined, 'linux')).find((i) => i.label === 'Open…');
    expect(open).toMatchObject({ accelerator: 'CmdOrCtrl+O', registerAccelerator: false });
  });
});
