/**
 * API-equivalent cost of one request, per provider (§5.6 of agent-logs.md).
 *
 * Each provider counts tokens differently (Codex: cached ⊂ input; Claude: disjoint input, cache
 * write and cache read; Gemini: thoughts beside output), so each gets its own formula over its own
 * raw counts. All return null for an unpriced model.
 */
import { lookupModel, type PriceEntry } from './pricing-table.ts';

/** Codex request counts as logged (`cached` ⊂ `input`, `reasoning` ⊂ `output`). */
export interface CodexCostInput {
  readonly input: number;
  readonly cached: number;
  readonly output: number;
}

/** Claude request counts as logged: the three input counts are disjoint. */
export interface ClaudeCostInput {
  readonly input: number;
  readonly cacheWrite5m: number;
  readonly cacheWrite1h: number;
  /** Cache writes without a 5m/1h breakdown (older rows): priced as 5-minute writes. */
  readonly cacheWriteOther: number;
  readonly cacheRead: number;
  readonly output: number;
}

/** Gemini request counts as logged (`cached` ⊂ `input`; `thoughts` beside `output`). */
export interface GeminiCostInput {
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  readonly thoughts: number;
  readonly tool: number;
}

const TIER_TOKENS = 200_000;
/** Codex priority tier when the entry names no multiplier (§5.6). */
const DEFAULT_FAST_MULTIPLIER = 2;

function fastMultiplier(price: PriceEntry, fast: boolean): number {
  return fast ? price.provider_specific_entry?.fast ?? DEFAULT_FAST_MULTIPLIER : 1;
}

/** Codex: `(in − cached)·input + cached·(cache_read ?? input) + out·output`, × fast tier. */
export function codexCost(model: string, tokens: CodexCostInput, fastTier = false): number | null {
  const priced = lookupModel(model);
  if (!priced) return null;
  const p = priced.price;
  const cached = Math.min(tokens.cached, tokens.input);
  const base =
    (tokens.input - cached) * p.input_cost_per_token +
    cached * (p.cache_read_input_token_cost ?? p.input_cost_per_token) +
    tokens.output * p.output_cost_per_token;
  return base * fastMultiplier(p, fastTier || priced.fast);
}

/**
 * Claude: input, 5-minute writes at the cache-creation price, 1-hour writes at 2× input, reads at
 * the cache-read price, output. A request whose prompt exceeds 200k tokens pays the higher tier on
 * all its tokens when the entry has one.
 */
export function claudeCost(model: string, t: ClaudeCostInput): number | null {
  const priced = lookupModel(model);
  if (!priced) return null;
  const p = priced.price;
  const prompt = t.input + t.cacheWrite5m + t.cacheWrite1h + t.cacheWriteOther + t.cacheRead;
  const high = prompt > TIER_TOKENS && p.input_cost_per_token_above_200k_tokens !== undefined;
  const input = high ? p.input_cost_per_token_above_200k_tokens! : p.input_cost_per_token;
  const output = high ? p.output_cost_per_token_above_200k_tokens ?? p.output_cost_per_token : p.output_cost_per_token;
  const write =
    (high ? p.cache_creation_input_token_cost_above_200k_tokens : undefined) ??
    p.cache_creation_input_token_cost ??
    input * 1.25;
  const read = (high ? p.cache_read_input_token_cost_above_200k_tokens : undefined) ?? p.cache_read_input_token_cost ?? input * 0.1;
  const base =
    t.input * input +
    (t.cacheWrite5m + t.cacheWriteOther) * write +
    t.cacheWrite1h * 2 * input +
    t.cacheRead * read +
    t.output * output;
  return base * fastMultiplier(p, priced.fast);
}

/** Gemini: `(input − cached)·input + cached·cache_read + (output + thoughts)·output + tool·input`, 200k tier for Pro. */
export function geminiCost(model: string, t: GeminiCostInput): number | null {
  const priced = lookupModel(model);
  if (!priced) return null;
  const p = priced.price;
  const high = t.input > TIER_TOKENS && p.input_cost_per_token_above_200k_tokens !== undefined;
  const input = high ? p.input_cost_per_token_above_200k_tokens! : p.input_cost_per_token;
  const output = high ? p.output_cost_per_token_above_200k_tokens ?? p.output_cost_per_token : p.output_cost_per_token;
  const read = (high ? p.cache_read_input_token_cost_above_200k_tokens : undefined) ?? p.cache_read_input_token_cost ?? input;
  const cached = Math.min(t.cached, t.input);
  return (t.input - cached) * input + cached * read + (t.output + t.thoughts) * output + t.tool * input;
}
