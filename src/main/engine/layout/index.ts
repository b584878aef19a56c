/**
 * The layout domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './layout-service.ts';
export * from './session-pane.ts';
