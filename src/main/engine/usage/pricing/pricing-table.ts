/**
 * Model prices from the bundled LiteLLM snapshot, with the model-name matching of §5.6.
 *
 * The snapshot (`litellm-snapshot.json`) keeps LiteLLM's own field names so that
 * `scripts/update-pricing.mjs` can refresh it by filtering LiteLLM's public file, and says when
 * it was taken. A model that cannot be matched is "unpriced": callers get null and must show
 * the cost as unknown, never as $0.
 */
import snapshot from './litellm-snapshot.json' with { type: 'json' };

/** One model's prices in USD per token, LiteLLM field names. */
export interface PriceEntry {
  readonly input_cost_per_token: number;
  readonly output_cost_per_token: number;
  readonly cache_read_input_token_cost?: number;
  readonly cache_creation_input_token_cost?: number;
  readonly input_cost_per_token_above_200k_tokens?: number;
  readonly output_cost_per_token_above_200k_tokens?: number;
  readonly cache_read_input_token_cost_above_200k_tokens?: number;
  readonly cache_creation_input_token_cost_above_200k_tokens?: number;
  readonly max_input_tokens?: number;
  readonly provider_specific_entry?: { readonly fast?: number };
}

/** A resolved model: the table key it matched and its prices. */
export interface PricedModel {
  readonly key: string;
  readonly price: PriceEntry;
  /** The request ran in a fast/priority tier (suffix `-fast` or the caller's flag). */
  readonly fast: boolean;
}

/** Date the bundled snapshot was taken (`YYYY-MM-DD`). */
export const PRICING_TAKEN_AT: string = snapshot._snapshot.takenAt;

const MODELS: Readonly<Record<string, PriceEntry>> = snapshot.models;

/** Known renames: a newer label priced like an older entry (§5.6). */
const ALIASES: Readonly<Record<string, string>> = {
  'gpt-5-codex': 'gpt-5',
  'gpt-5.3-codex': 'gpt-5.2-codex',
};

const PROVIDER_PREFIX = /^(?:openrouter\/)?(?:openai|azure|anthropic|google|gemini|vertex_ai|bedrock)\//;

/** Prices by table key, for callers that know the key. */
export function priceOf(key: string): PriceEntry | null {
  return MODELS[key] ?? null;
}

const cache = new Map<string, PricedModel | null>();

/**
 * Resolve a model label as the agents log it (`claude-sonnet-4-5-20250929`, `openai/gpt-5`,
 * `claude-opus-4-6[1m]`, `claude-opus-4-6-fast`) to a priced entry, or null when unknown.
 *
 * Order: exact → alias → without a date suffix → the longest table key contained in it at word
 * boundaries (case-insensitive). Memoised: labels repeat millions of
 * times in a backfill.
 */
export function lookupModel(model: string): PricedModel | null {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const resolved = resolve(model);
  cache.set(model, resolved);
  return resolved;
}

function resolve(model: string): PricedModel | null {
  let name = model.trim().toLowerCase().replace(PROVIDER_PREFIX, '').replace(/\[1m\]$/, '');
  let fast = false;
  if (name.endsWith('-fast')) {
    fast = true;
    name = name.slice(0, -'-fast'.length);
  }
  if (name === '' || name === '<synthetic>') return null;
  const direct = (key: string): PricedModel | null => {
    const price = MODELS[key];
    return price ? { key, price, fast } : null;
  };
  const aliased = ALIASES[name];
  const undated = name.replace(/-\d{8}$/, '');
  const hit = direct(name) ?? (aliased ? direct(aliased) : null) ?? direct(undated) ?? (ALIASES[undated] ? direct(ALIASES[undated]!) : null);
  if (hit) return hit;
  // A key only counts where it ends at a word boundary: `gpt-5-2025-08-07` is gpt-5, but
  // `gpt-5.3-codex-spark` is a different model and stays unpriced rather than priced as gpt-5.
  let best: string | null = null;
  for (const key of Object.keys(MODELS)) {
    const at = name.indexOf(key);
    if (at < 0) continue;
    const before = at === 0 ? '' : name[at - 1]!;
    const after = name[at + key.length] ?? '';
    if ((before === '' || /[/:._-]/.test(before)) && (after === '' || after === '-')) {
      if (best === null || key.length > best.length) best = key;
    }
  }
  return best ? direct(best) : null;
}

/** Context window of a model in tokens (1M for a `[1m]` label), or null when unknown. */
export function contextWindowOf(model: string): number | null {
  if (/\[1m\]$/i.test(model)) return 1_000_000;
  return lookupModel(model)?.price.max_input_tokens ?? null;
}
