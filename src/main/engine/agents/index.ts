/**
 * The agents domain's public face: what other engine domains may import (the boundary lint
 * allows them nothing else).
 */
export * from './profiles/builtin-profiles.ts';
export * from './profiles/launch-args.ts';
