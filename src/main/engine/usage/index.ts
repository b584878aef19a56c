/**
 * The usage domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './attribution/attribute-cwd.ts';
