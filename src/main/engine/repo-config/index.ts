/**
 * The repo-config domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './repo-config.ts';
export * from './worktree-dir.ts';
export * from './config-hash.ts';
