/**
 * The terminals domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
// Types only: the mirror itself (xterm, 300 KB) runs in the mirror thread, and this thread loads
// it only to read a restored session's saved screen (terminal-service.ts).
export type { HeadlessMirrorOptions, ScreenText } from './headless-mirror.ts';
export * from './resolve-command.ts';
export * from './terminal-hub.ts';
export * from './terminal-service.ts';
