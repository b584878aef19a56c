/**
 * The terminals domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './headless-mirror.ts';
export * from './resolve-command.ts';
export * from './terminal-hub.ts';
export * from './terminal-service.ts';
