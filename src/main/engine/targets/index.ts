/**
 * The targets domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './resolve-targets.ts';
