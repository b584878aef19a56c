/**
 * Put zod in jitless mode before any schema parses a message.
 *
 * zod 4 compiles fast object parsers with `new Function`, probing for it first. The page's CSP
 * has no 'unsafe-eval', so the probe would fail (with a CSP violation logged on every load);
 * jitless parsing skips the probe and is plenty fast for control-plane messages.
 * Imported first by `main.tsx`.
 */
import * as z from 'zod';

z.config({ jitless: true });
