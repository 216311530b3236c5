/**
 * Who may call the core through IPC: only the app's own page in a window's top-level frame. Plain function (no
 * Electron at run time): ipc.ts applies it to each message's `senderFrame`.
 */
import { isSamePage } from './app-page';

/** What the check needs of Electron's WebFrameMain. */
export interface SenderFrame {
  readonly url: string;
  /** null for a window's top-level frame. */
  readonly parent: object | null;
}

export type SenderDecision = { ok: true } | { ok: false; reason: string };

/**
 * The navigation lock already keeps other pages out of the window; this is the second wall the Electron checklist
 * asks for: a subframe, a page that is not the app's, or a frame that is gone (it navigated or closed while its
 * message was on the way) is refused.
 */
export function ipcSenderDecision(frame: SenderFrame | null, appPage: string): SenderDecision {
  if (!frame) return { ok: false, reason: 'the sending frame is gone (it navigated away or closed)' };
  if (frame.parent !== null) return { ok: false, reason: `a subframe (${frame.url}) is not the app` };
  if (!isSamePage(frame.url, appPage)) return { ok: false, reason: `${frame.url} is not the app's page` };
  return { ok: true };
}
