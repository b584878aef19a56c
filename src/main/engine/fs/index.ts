/**
 * The fs domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './folders.ts';
export * from './path-checks.ts';
export * from './read-bounded.ts';
