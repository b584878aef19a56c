#!/usr/bin/env node
/**
 * Refresh the bundled model-price snapshot from LiteLLM's public price table.
 *
 * Usage: node scripts/update-pricing.mjs [--dry-run]
 *
 * Downloads LiteLLM's `model_prices_and_context_window.json`, keeps the entries coding agents use
 * (the keys already in the snapshot plus every key of the same model families), and rewrites
 * `src/main/engine/usage/pricing/litellm-snapshot.json` with today's date in `_snapshot.takenAt`.
 * LiteLLM's field names are kept as they are, so the engine reads the refreshed file unchanged.
 * Without network access it fails with a clear message and leaves the snapshot untouched.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SNAPSHOT = path.join(root, 'src', 'main', 'engine', 'usage', 'pricing', 'litellm-snapshot.json');
const TIMEOUT_MS = 20_000;

/** Model families worth bundling: what Codex, Claude Code and Gemini CLI log. */
const FAMILIES = [/^gpt-5/, /^o3(-|$)/, /^o4-mini/, /^gpt-4\.1/, /^claude-(opus|sonnet|haiku)-4/, /^claude-3-[57]-/, /^gemini-(2\.5|3)-/];

/** The fields the engine reads (LiteLLM names); everything else is dropped to keep the file small. */
const FIELDS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'cache_read_input_token_cost',
  'cache_creation_input_token_cost',
  'input_cost_per_token_above_200k_tokens',
  'output_cost_per_token_above_200k_tokens',
  'cache_read_input_token_cost_above_200k_tokens',
  'cache_creation_input_token_cost_above_200k_tokens',
  'max_input_tokens',
  'max_output_tokens',
  'litellm_provider',
  'mode',
  'provider_specific_entry',
];

async function download() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(SOURCE, { signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const dryRun = process.argv.includes('--dry-run');
  const current = JSON.parse(await readFile(SNAPSHOT, 'utf8'));
  let table;
  try {
    table = await download();
  } catch (error) {
    const reason = error?.cause?.code ?? error?.name ?? 'error';
    console.error(`update-pricing: could not download ${SOURCE} (${reason}: ${error.message}).`);
    console.error('update-pricing: no network access? The bundled snapshot was left unchanged (taken ' + current._snapshot.takenAt + ').');
    process.exit(1);
  }
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    console.error('update-pricing: the downloaded file is not a JSON object; snapshot left unchanged.');
    process.exit(1);
  }
  const wanted = new Set(Object.keys(current.models));
  const models = {};
  for (const [key, entry] of Object.entries(table)) {
    if (typeof entry !== 'object' || entry === null || typeof entry.input_cost_per_token !== 'number') continue;
    if (entry.mode && entry.mode !== 'chat' && entry.mode !== 'responses') continue;
    if (!wanted.has(key) && !FAMILIES.some((re) => re.test(key))) continue;
    models[key] = Object.fromEntries(FIELDS.filter((f) => f in entry).map((f) => [f, entry[f]]));
  }
  const missing = [...wanted].filter((key) => !(key in models));
  // Keep entries LiteLLM no longer lists rather than turning their usage unpriced overnight.
  for (const key of missing) models[key] = current.models[key];
  const next = {
    _snapshot: { ...current._snapshot, takenAt: new Date().toISOString().slice(0, 10), note: `Subset of LiteLLM's table (${Object.keys(models).length} models) for the models coding agents use, in LiteLLM's field names. Refresh with \`node scripts/update-pricing.mjs\`. USD per token.` },
    models: Object.fromEntries(Object.entries(models).sort(([a], [b]) => a.localeCompare(b))),
  };
  const changed = Object.keys(next.models).filter((key) => JSON.stringify(next.models[key]) !== JSON.stringify(current.models[key]));
  console.log(`update-pricing: ${Object.keys(next.models).length} models, ${changed.length} new or changed${missing.length ? `, ${missing.length} kept from the old snapshot (${missing.join(', ')})` : ''}.`);
  if (dryRun) return;
  await writeFile(SNAPSHOT, JSON.stringify(next, null, 2) + '\n');
  console.log(`update-pricing: wrote ${path.relative(root, SNAPSHOT)}.`);
}

await main();
