// Field-level differences as cockpit-domain diff.rs computes them (used by the mock backend and the audit view).
import type { FieldChange, JsonValue } from '../api/types';

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Sorted object keys, so equal values serialise equal. */
export function canonical(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) {
    const out: { [k: string]: JsonValue } = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k] ?? null);
    return out;
  }
  return v;
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function walk(path: string, before: JsonValue, after: JsonValue, out: FieldChange[]) {
  if (equal(before, after)) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) walk(join(path, k), before[k] ?? null, after[k] ?? null, out);
    return;
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.length === after.length &&
    [...before, ...after].every((x) => isObject(x))
  ) {
    before.forEach((x, i) => walk(`${path}[${i}]`, x, after[i] ?? null, out));
    return;
  }
  out.push({ path, before, after });
}

export function diff(before: JsonValue, after: JsonValue): FieldChange[] {
  const out: FieldChange[] = [];
  walk('', before, after, out);
  return out;
}
