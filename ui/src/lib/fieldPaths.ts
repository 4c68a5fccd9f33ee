// Mapping between the field paths of validation errors and findings (`name`, `purposes[1]`,
// `data_categories[2].category`, `transfers[0].country` ...) and the inputs of the activity form.

/** Lists whose items are chosen with a checkbox group: an error on item i belongs to the group. */
const GROUPS = ['data_subjects', 'recipients', 'measures', 'systems', 'parties', 'lawful_bases'];

/** The form key of the input that shows a path's errors. */
export function fieldKey(path: string): string {
  const item = /^([a-z_]+)\[(\d+)\]$/.exec(path);
  if (item) {
    const [, list, i] = item as unknown as [string, string, string];
    if (GROUPS.includes(list)) return list;
    // An unknown data category is reported at `data_categories[i]`: show it at the select.
    if (list === 'data_categories') return `data_categories[${i}].category`;
    // A transfer as a whole (`transfers[0]`) goes to its country select.
    if (list === 'transfers') return `transfers[${i}].country`;
    return path; // purposes[i]: one input per purpose
  }
  return path;
}

/** A DOM id for a form key: `data_categories[2].category` -> `f-data_categories-2-category`. */
export function inputId(key: string): string {
  return `f-${key.replace(/[[\].]+/g, '-').replace(/-+$/, '')}`;
}

export function fieldInputId(path: string): string {
  return inputId(fieldKey(path));
}

/** Groups errors (or anything with a `field`) by the form key that shows them. */
export function groupByField<T extends { field: string }>(items: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = fieldKey(it.field);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Focuses the first of these inputs in document order; a group focuses its first control. */
export function focusFirst(ids: string[], doc: Document = document): HTMLElement | null {
  const els = ids
    .map((id) => doc.getElementById(id))
    .filter((e): e is HTMLElement => e !== null);
  els.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const first = els[0];
  if (!first) return null;
  const target = first.matches('input, select, textarea, button')
    ? first
    : first.querySelector<HTMLElement>('input, select, textarea, button');
  target?.focus();
  return target ?? null;
}
