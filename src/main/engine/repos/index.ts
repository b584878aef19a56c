/**
 * The repos domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './repo-service.ts';
export * from './resolve-main-worktree.ts';
