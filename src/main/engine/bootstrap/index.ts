/**
 * The bootstrap domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './bootstrap-service.ts';
export * from './dependencies.ts';
export * from './log-follower.ts';
export * from './run-command.ts';
export * from './untrusted-install.ts';
