/**
 * The ports domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './port-allocator.ts';
export * from './port-service.ts';
