/**
 * The `layout.*` procedures: thin handlers over {@link LayoutService}.
 */
import { implement } from '@orpc/server';
import { layoutContract } from '../../../shared/protocol/layout.ts';
import type { LayoutService } from './layout-service.ts';

export function layoutRouter(layout: LayoutService) {
  const os = implement(layoutContract);
  return os.router({
    get: os.get.handler(() => layout.get()),
    open: os.open.handler(({ input }) => layout.open(input)),
    focus: os.focus.handler(({ input }) => layout.focus(input.sessionId)),
    close: os.close.handler(({ input }) => layout.close(input.sessionId)),
    maximize: os.maximize.handler(({ input }) => layout.maximize(input.sessionId)),
    move: os.move.handler(({ input }) => layout.move(input.sessionId, input.index)),
    resize: os.resize.handler(({ input }) => layout.resize(input)),
  });
}
