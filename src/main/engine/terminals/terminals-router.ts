/**
 * The `terminals.*` procedures: thin handlers over {@link TerminalService}; a new session gets a
 * pane in the layout.
 */
import { implement } from '@orpc/server';
import { terminalsContract } from '../../../shared/protocol/terminals.ts';
import { createWithPane } from '../layout/index.ts';
import type { LayoutService } from '../layout/index.ts';
import type { TerminalService } from './terminal-service.ts';

export function terminalsRouter(terminals: TerminalService, layout: LayoutService) {
  const os = implement(terminalsContract);
  return os.router({
    list: os.list.handler(() => terminals.list()),
    create: os.create.handler(({ input }) => createWithPane(layout, () => terminals.create(input), (id) => terminals.remove(id))),
    write: os.write.handler(({ input }) => terminals.write(input.sessionId, input.data)),
    resize: os.resize.handler(({ input }) => terminals.resize(input.sessionId, input.cols, input.rows)),
    kill: os.kill.handler(({ input }) => terminals.kill(input.sessionId)),
    remove: os.remove.handler(({ input }) => terminals.remove(input.sessionId)),
    screen: os.screen.handler(({ input }) => terminals.screen(input.sessionId)),
  });
}
