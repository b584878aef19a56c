/**
 * The state domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './file-lock.ts';
export * from './json-store.ts';
