/**
 * The usage seam: the usage module's service fits what agents need (checked by the type checker;
 * the assertion below only keeps the file a test).
 */
import { describe, expect, it } from 'vitest';
import type { AgentUsageSource } from '../../../src/main/engine/agents/agent-usage.ts';
import type { UsageService } from '../../../src/main/engine/usage/usage-service.ts';

/** Fails `tsc` if UsageService stops satisfying AgentUsageSource. */
export function asAgentUsageSource(service: UsageService): AgentUsageSource {
  return service;
}

describe('AgentUsageSource', () => {
  it('is satisfied by the usage service', () => {
    expect(typeof asAgentUsageSource).toBe('function');
  });
});
