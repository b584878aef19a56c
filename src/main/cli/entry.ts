/**
 * The bundled CLI's entry (scripts/build.mjs → dist/cli/index.mjs): run `main` with the process's
 * arguments. `bin/agent-orchestrator` and the desktop shell start this file.
 */
import { main } from './index.ts';

process.exitCode = await main(process.argv.slice(2));
