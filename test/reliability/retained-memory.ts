/**
 * Retained memory of this process: heap and buffers after a full collection, so the garbage a
 * test's own generators churn out does not count against the engine.
 *
 * The collector is reached without `--expose-gc` on the whole run (child processes the engine
 * starts would inherit it): the flag is set at run time and `gc` taken from a fresh context.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

export function retainedMemory(): number {
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
