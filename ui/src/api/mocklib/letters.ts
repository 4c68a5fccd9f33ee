// TEST DOUBLE of the letters to requesters and of the reminder settings, for the MockBackend. It restates
// crates/cockpit-domain/src/letters.rs (context, checks, warnings), crates/cockpit-api/src/letters.rs
// (templates, preview, PDF, "issued" audit entry) and crates/cockpit-domain/src/reminders.rs (settings
// validation) closely enough for the UI and its tests. It is NOT the product's logic.
//
// The templates here are SHORT MOCK WORDINGS in English and Spanish (German and French use the English
// one, with dates in their language), not the product's defaults in crates/cockpit-domain/letters: the
// Vite dev server only serves files under ui/ (no server.fs.allow), so the real .txt files cannot be
// imported with `?raw`. The renderer is a small subset of MiniJinja (strict undefined): `{{ a.b }}`,
// filters join / map(attribute=…) / length / upper / lower / trim / default, `{% if %}` with elif / else /
// not / and / or / == / !=, `{% for x in list %}` with loop.index / loop.first / loop.last, `{# #}`.
import type {
  Activity,
  ApiError,
  DataSubjectRequest,
  JsonValue,
  Letter,
  LetterKind,
  LetterLanguage,
  LetterTemplate,
  Organisation,
  ReminderSettings,
  ReportPaper,
  RequestType,
  RequestView,
  RetentionUnit,
  SavedLetter,
} from '../types';
import {
  LAWFUL_BASIS_ARTICLE,
  LETTER_KINDS,
  LETTER_LANGUAGES,
  MECHANISM_ARTICLE,
  REQUEST_TYPE_PROVISION,
} from '../enums';
import { mockPdf } from './reports';
import { sha256Hex } from './sha256';


function fail(code: ApiError['code'], message: string): ApiError {
  return { code, message, fields: [], rows: [] };
}

// ------------------------------------------------------------------------------------------------
// Templates (mock wording)

const EN: Record<LetterKind, string> = {
  acknowledgement: `Subject: We have received your request ({{ request.id }})
Dear {{ request.requester_name }},

{{ org.name }} received your {{ request.type }} request on {{ request.received }} ({{ request.provision }}). We will answer by {{ dates.due }} at the latest.
{% if org.dpo_email %}
Questions: our data protection officer{% if org.dpo_name %}, {{ org.dpo_name }}{% endif %} ({{ org.dpo_email }}), quoting {{ request.id }}.
{% endif %}
Kind regards,
{{ org.name }}
`,
  'identity-request': `Subject: Please confirm your identity ({{ request.id }})
Dear {{ request.requester_name }},

to answer your {{ request.type }} request of {{ request.received }}, please send us proof of your identity.

Kind regards,
{{ org.name }}
`,
  'clarification-request': `Subject: Please tell us more about your request ({{ request.id }})
Dear {{ request.requester_name }},

so that we can answer your {{ request.type }} request of {{ request.received }}, please tell us more{% if note %}: {{ note }}{% else %}.{% endif %}

Kind regards,
{{ org.name }}
`,
  'extension-notice': `Subject: We need more time to answer your request ({{ request.id }})
Dear {{ request.requester_name }},

because of {{ reasons }}, we will answer your {{ request.type }} request of {{ request.received }} by {{ dates.extended_due }} at the latest (Article 12(3) GDPR).

Kind regards,
{{ org.name }}
`,
  completion: `Subject: Your request has been carried out ({{ request.id }})
Dear {{ request.requester_name }},

we have carried out your {{ request.type }} request of {{ request.received }} ({{ request.provision }}).{% if recipients %}
We have informed: {{ recipients | join(", ") }}.{% endif %}

Kind regards,
{{ org.name }}
`,
  refusal: `Subject: Our answer to your request ({{ request.id }})
Dear {{ request.requester_name }},

we cannot act on your {{ request.type }} request of {{ request.received }}, for this reason: {{ reasons }}.
You may lodge a complaint with a supervisory authority and seek a judicial remedy (Articles 12(4), 77 and 79 GDPR).

Kind regards,
{{ org.name }}
`,
  'access-answer': `Subject: The information you asked for ({{ request.id }})
Dear {{ request.requester_name }},

in answer to your access request of {{ request.received }}, {{ org.name }} processes personal data about you:
{% for a in activities %}
{{ loop.index }}. {{ a.name }}: {{ a.purposes | join("; ") }}
   Data: {{ a.data_categories | map(attribute="name") | join("; ") }}
   Recipients: {% if a.recipients %}{{ a.recipients | join("; ") }}{% else %}none{% endif %}
{% endfor %}
Kind regards,
{{ org.name }}
`,
};

const ES: Record<LetterKind, string> = {
  acknowledgement: `Subject: Hemos recibido su solicitud ({{ request.id }})
Estimado/a {{ request.requester_name }}:

{{ org.name }} recibió su solicitud de {{ request.type }} el {{ request.received }} ({{ request.provision }}). Le responderemos a más tardar el {{ dates.due }}.
{% if org.dpo_email %}
Consultas: nuestro delegado de protección de datos{% if org.dpo_name %}, {{ org.dpo_name }}{% endif %} ({{ org.dpo_email }}), citando {{ request.id }}.
{% endif %}
Atentamente,
{{ org.name }}
`,
  'identity-request': `Subject: Confirme su identidad ({{ request.id }})
Estimado/a {{ request.requester_name }}:

para responder a su solicitud de {{ request.type }} del {{ request.received }}, envíenos un documento que acredite su identidad.

Atentamente,
{{ org.name }}
`,
  'clarification-request': `Subject: Necesitamos más información sobre su solicitud ({{ request.id }})
Estimado/a {{ request.requester_name }}:

para poder responder a su solicitud de {{ request.type }} del {{ request.received }}, necesitamos más información{% if note %}: {{ note }}{% else %}.{% endif %}

Atentamente,
{{ org.name }}
`,
  'extension-notice': `Subject: Necesitamos más tiempo para responder a su solicitud ({{ request.id }})
Estimado/a {{ request.requester_name }}:

debido a {{ reasons }}, responderemos a su solicitud de {{ request.type }} del {{ request.received }} a más tardar el {{ dates.extended_due }} (art. 12.3 RGPD).

Atentamente,
{{ org.name }}
`,
  completion: `Subject: Hemos atendido su solicitud ({{ request.id }})
Estimado/a {{ request.requester_name }}:

hemos atendido su solicitud de {{ request.type }} del {{ request.received }} ({{ request.provision }}).{% if recipients %}
Lo hemos comunicado a: {{ recipients | join(", ") }}.{% endif %}

Atentamente,
{{ org.name }}
`,
  refusal: `Subject: Respuesta a su solicitud ({{ request.id }})
Estimado/a {{ request.requester_name }}:

no podemos atender su solicitud de {{ request.type }} del {{ request.received }} por el siguiente motivo: {{ reasons }}.
Puede presentar una reclamación ante una autoridad de control y ejercer acciones judiciales (arts. 12.4, 77 y 79 RGPD).

Atentamente,
{{ org.name }}
`,
  'access-answer': `Subject: La información que solicitó ({{ request.id }})
Estimado/a {{ request.requester_name }}:

en respuesta a su solicitud de acceso del {{ request.received }}, {{ org.name }} trata datos personales suyos:
{% for a in activities %}
{{ loop.index }}. {{ a.name }}: {{ a.purposes | join("; ") }}
   Datos: {{ a.data_categories | map(attribute="name") | join("; ") }}
   Destinatarios: {% if a.recipients %}{{ a.recipients | join("; ") }}{% else %}ninguno{% endif %}
{% endfor %}
Atentamente,
{{ org.name }}
`,
};

/** The mock's default template (German and French: the English mock wording). */
export function defaultTemplate(kind: LetterKind, lang: LetterLanguage): string {
  return (lang === 'es' ? ES : EN)[kind];
}

// ------------------------------------------------------------------------------------------------
// A small MiniJinja subset

export class TemplateError extends Error {}

type Expr =
  | { t: 'lit'; v: Value }
  | { t: 'var'; name: string }
  | { t: 'attr'; obj: Expr; name: string }
  | { t: 'not'; e: Expr }
  | { t: 'bin'; op: 'and' | 'or' | '==' | '!='; a: Expr; b: Expr }
  | { t: 'filter'; e: Expr; name: string; args: Expr[]; kwargs: Record<string, Expr> };

type Node =
  | { t: 'text'; s: string }
  | { t: 'out'; e: Expr; line: number }
  | { t: 'if'; branches: Array<{ cond: Expr; body: Node[] }>; otherwise: Node[]; line: number }
  | { t: 'for'; name: string; e: Expr; body: Node[]; line: number };

type Value = string | number | boolean | null | Value[] | { [k: string]: Value } | typeof UNDEFINED;
const UNDEFINED = Symbol('undefined');

const where = (line: number) => ` (in <string>:${line})`;

function tokenizeExpr(src: string, line: number): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|==|!=|[.|(),=[\]])/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new TemplateError(`syntax error: unexpected character ${JSON.stringify(src.slice(i).trim()[0] ?? '')}${where(line)}`);
    out.push(m[1]!);
    i = re.lastIndex;
  }
  return out;
}

function parseExpr(src: string, line: number): Expr {
  const toks = tokenizeExpr(src, line);
  let p = 0;
  const peek = () => toks[p];
  const next = () => toks[p++];
  const expect = (tok: string) => {
    if (next() !== tok) throw new TemplateError(`syntax error: expected ${JSON.stringify(tok)}${where(line)}`);
  };
  const or = (): Expr => {
    let a = and();
    while (peek() === 'or') {
      next();
      a = { t: 'bin', op: 'or', a, b: and() };
    }
    return a;
  };
  const and = (): Expr => {
    let a = not();
    while (peek() === 'and') {
      next();
      a = { t: 'bin', op: 'and', a, b: not() };
    }
    return a;
  };
  const not = (): Expr => {
    if (peek() === 'not') {
      next();
      return { t: 'not', e: not() };
    }
    const a = filtered();
    const op = peek();
    if (op === '==' || op === '!=') {
      next();
      return { t: 'bin', op, a, b: filtered() };
    }
    return a;
  };
  const filtered = (): Expr => {
    let e = primary();
    while (peek() === '|') {
      next();
      const name = next();
      if (name === undefined || !/^[A-Za-z_]\w*$/.test(name)) throw new TemplateError(`syntax error: expected a filter name${where(line)}`);
      const args: Expr[] = [];
      const kwargs: Record<string, Expr> = {};
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          if (peek() === undefined) throw new TemplateError(`syntax error: unexpected end of expression${where(line)}`);
          if (/^[A-Za-z_]\w*$/.test(peek() ?? '') && toks[p + 1] === '=') {
            const k = next()!;
            next();
            kwargs[k] = or();
          } else args.push(or());
          if (peek() === ',') next();
          else if (peek() !== ')') throw new TemplateError(`syntax error: expected "," or ")"${where(line)}`);
        }
        next();
      }
      e = { t: 'filter', e, name, args, kwargs };
    }
    return e;
  };
  const primary = (): Expr => {
    const tok = next();
    if (tok === undefined) throw new TemplateError(`syntax error: unexpected end of expression${where(line)}`);
    let e: Expr;
    if (tok === '(') {
      e = or();
      expect(')');
    } else if (/^["']/.test(tok)) {
      e = { t: 'lit', v: tok.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) };
    } else if (/^\d/.test(tok)) {
      e = { t: 'lit', v: Number(tok) };
    } else if (tok === 'true' || tok === 'false') {
      e = { t: 'lit', v: tok === 'true' };
    } else if (tok === 'none') {
      e = { t: 'lit', v: null };
    } else if (/^[A-Za-z_]\w*$/.test(tok)) {
      e = { t: 'var', name: tok };
    } else throw new TemplateError(`syntax error: unexpected ${JSON.stringify(tok)}${where(line)}`);
    for (;;) {
      if (peek() === '.') {
        next();
        const name = next();
        if (name === undefined || !/^\w+$/.test(name)) throw new TemplateError(`syntax error: expected an attribute name${where(line)}`);
        e = { t: 'attr', obj: e, name };
      } else if (peek() === '[') {
        next();
        const k = or();
        expect(']');
        if (k.t !== 'lit') throw new TemplateError(`syntax error: only literal subscripts are supported here${where(line)}`);
        e = { t: 'attr', obj: e, name: String(k.v) };
      } else break;
    }
    return e;
  };
  const e = or();
  if (p < toks.length) throw new TemplateError(`syntax error: unexpected ${JSON.stringify(toks[p])}${where(line)}`);
  return e;
}

function parseTemplate(src: string): Node[] {
  const re = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{%(-?)([\s\S]*?)(-?)%\}|\{#[\s\S]*?#\}/g;
  const lineAt = (i: number) => src.slice(0, i).split('\n').length;
  const root: Node[] = [];
  // The open blocks, innermost last: the list being filled, and the block.
  type Open = { node: Extract<Node, { t: 'if' | 'for' }>; list: Node[] };
  const stack: Open[] = [];
  let list = root;
  let last = 0;
  let trimNext = false;
  const pushText = (s: string, trimEnd: boolean) => {
    let text = trimNext ? s.replace(/^\s+/, '') : s;
    if (trimEnd) text = text.replace(/\s+$/, '');
    trimNext = false;
    const stray = /\{\{|\{%|\{#/.exec(text);
    if (stray) throw new TemplateError(`syntax error: unexpected end of input, expected end of ${stray[0] === '{{' ? 'variable' : 'block'}${where(lineAt(last + stray.index))}`);
    if (text !== '') list.push({ t: 'text', s: text });
  };
  for (let m = re.exec(src); m !== null; m = re.exec(src)) {
    const line = lineAt(m.index);
    const isOut = m[0].startsWith('{{');
    const isTag = m[0].startsWith('{%');
    pushText(src.slice(last, m.index), (isOut && m[1] === '-') || (isTag && m[4] === '-'));
    last = re.lastIndex;
    if (isOut) {
      list.push({ t: 'out', e: parseExpr(m[2] ?? '', line), line });
      trimNext = m[3] === '-';
    } else if (isTag) {
      trimNext = m[6] === '-';
      const body = (m[5] ?? '').trim();
      const word = /^\w+/.exec(body)?.[0] ?? '';
      const rest = body.slice(word.length);
      const top = stack[stack.length - 1];
      if (word === 'if') {
        const node: Node = { t: 'if', branches: [{ cond: parseExpr(rest, line), body: [] }], otherwise: [], line };
        list.push(node);
        stack.push({ node, list });
        list = node.branches[0]!.body;
      } else if (word === 'elif' || word === 'else') {
        if (top?.node.t !== 'if') throw new TemplateError(`syntax error: unexpected ${word}${where(line)}`);
        if (word === 'elif') {
          const branch = { cond: parseExpr(rest, line), body: [] as Node[] };
          top.node.branches.push(branch);
          list = branch.body;
        } else list = top.node.otherwise;
      } else if (word === 'endif' || word === 'endfor') {
        if (top === undefined || top.node.t !== word.slice(3)) throw new TemplateError(`syntax error: unexpected ${word}${where(line)}`);
        stack.pop();
        list = top.list;
      } else if (word === 'for') {
        const fm = /^\s+([A-Za-z_]\w*)\s+in\s+([\s\S]+)$/.exec(rest);
        if (!fm) throw new TemplateError(`syntax error: expected "for x in list"${where(line)}`);
        const node: Node = { t: 'for', name: fm[1]!, e: parseExpr(fm[2]!, line), body: [], line };
        list.push(node);
        stack.push({ node, list });
        list = node.body;
      } else {
        throw new TemplateError(`syntax error: unknown statement ${word || body}${where(line)}`);
      }
    }
  }
  pushText(src.slice(last), false);
  const open = stack[stack.length - 1];
  if (open) throw new TemplateError(`syntax error: unexpected end of input, expected end of block (${open.node.t} from line ${open.node.line})${where(lineAt(src.length))}`);
  return root;
}

type Scope = Array<Record<string, Value>>;

function describe(e: Expr): string {
  if (e.t === 'var') return e.name;
  if (e.t === 'attr') return `${describe(e.obj)}.${e.name}`;
  return 'value';
}

function defined(v: Value, e: Expr, line: number): Exclude<Value, typeof UNDEFINED> {
  if (v === UNDEFINED) throw new TemplateError(`undefined value: ${describe(e)} does not exist${where(line)}`);
  return v;
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function show(v: Exclude<Value, typeof UNDEFINED>): string {
  if (v === null) return 'none';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? JSON.stringify(x) : show(x as Exclude<Value, typeof UNDEFINED>))).join(', ')}]`;
  return JSON.stringify(v);
}

function evaluate(e: Expr, scope: Scope, line: number): Value {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'var': {
      for (let i = scope.length - 1; i >= 0; i--) {
        const s = scope[i]!;
        if (Object.prototype.hasOwnProperty.call(s, e.name)) return s[e.name]!;
      }
      return UNDEFINED;
    }
    case 'attr': {
      const obj = defined(evaluate(e.obj, scope, line), e.obj, line);
      if (Array.isArray(obj) && /^\d+$/.test(e.name)) return obj[Number(e.name)] ?? UNDEFINED;
      if (obj !== null && typeof obj === 'object' && !Array.isArray(obj) && Object.prototype.hasOwnProperty.call(obj, e.name)) return obj[e.name]!;
      return UNDEFINED;
    }
    case 'not':
      return !truthy(defined(evaluate(e.e, scope, line), e.e, line));
    case 'bin': {
      const a = defined(evaluate(e.a, scope, line), e.a, line);
      if (e.op === 'and') return truthy(a) ? defined(evaluate(e.b, scope, line), e.b, line) : a;
      if (e.op === 'or') return truthy(a) ? a : defined(evaluate(e.b, scope, line), e.b, line);
      const b = defined(evaluate(e.b, scope, line), e.b, line);
      const same = JSON.stringify(a) === JSON.stringify(b);
      return e.op === '==' ? same : !same;
    }
    case 'filter': {
      const raw = evaluate(e.e, scope, line);
      const arg = (i: number, key: string): Value | undefined => {
        const x = e.kwargs[key] ?? e.args[i];
        return x === undefined ? undefined : defined(evaluate(x, scope, line), x, line);
      };
      if (e.name === 'default' || e.name === 'd') return raw === UNDEFINED || raw === null ? (arg(0, 'default_value') ?? '') : raw;
      const v = defined(raw, e.e, line);
      switch (e.name) {
        case 'join': {
          if (!Array.isArray(v)) throw new TemplateError(`invalid operation: join needs a list${where(line)}`);
          const sep = arg(0, 'd');
          return v.map((x) => show(x as Exclude<Value, typeof UNDEFINED>)).join(typeof sep === 'string' ? sep : '');
        }
        case 'map': {
          if (!Array.isArray(v)) throw new TemplateError(`invalid operation: map needs a list${where(line)}`);
          const attribute = arg(-1, 'attribute');
          if (typeof attribute !== 'string') throw new TemplateError(`invalid operation: map needs attribute="…"${where(line)}`);
          return v.map((x) => {
            if (x !== null && typeof x === 'object' && !Array.isArray(x) && Object.prototype.hasOwnProperty.call(x, attribute)) return x[attribute]!;
            throw new TemplateError(`undefined value: no attribute ${attribute}${where(line)}`);
          });
        }
        case 'length':
        case 'count':
          if (typeof v === 'string' || Array.isArray(v)) return v.length;
          if (v !== null && typeof v === 'object') return Object.keys(v).length;
          throw new TemplateError(`invalid operation: ${e.name} of a value without length${where(line)}`);
        case 'upper':
          return show(v).toUpperCase();
        case 'lower':
          return show(v).toLowerCase();
        case 'trim':
          return show(v).trim();
        default:
          throw new TemplateError(`unknown filter: filter ${e.name} is unknown${where(line)}`);
      }
    }
  }
}

function run(nodes: Node[], scope: Scope, out: string[]) {
  for (const n of nodes) {
    if (n.t === 'text') out.push(n.s);
    else if (n.t === 'out') out.push(show(defined(evaluate(n.e, scope, n.line), n.e, n.line)));
    else if (n.t === 'if') {
      const hit = n.branches.find((b) => truthy(defined(evaluate(b.cond, scope, n.line), b.cond, n.line)));
      run(hit ? hit.body : n.otherwise, scope, out);
    } else {
      const items = defined(evaluate(n.e, scope, n.line), n.e, n.line);
      if (!Array.isArray(items)) throw new TemplateError(`invalid operation: ${describe(n.e)} is not a list${where(n.line)}`);
      items.forEach((item, i) => {
        const loop: Value = { index: i + 1, index0: i, first: i === 0, last: i === items.length - 1, length: items.length };
        run(n.body, [...scope, { [n.name]: item, loop }], out);
      });
    }
  }
}

/** Renders `template` with `context` (as `render` in letters.rs): subject and body, or why not. */
export function renderLetter(template: string, context: Record<string, JsonValue>): { subject: string; body: string } {
  let text: string;
  try {
    const out: string[] = [];
    run(parseTemplate(template), [context as Record<string, Value>], out);
    text = out.join('').replace(/\n$/, '');
  } catch (e) {
    if (e instanceof TemplateError) throw new TemplateError(`the template cannot be used: ${e.message}`);
    throw e;
  }
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const body = nl < 0 ? '' : text.slice(nl + 1);
  if (!first.startsWith('Subject:')) throw new TemplateError('the template\'s first line must be "Subject: …"');
  return { subject: first.slice('Subject:'.length).trim(), body: body.replace(/^\n+|\n+$/g, '') + '\n' };
}

// ------------------------------------------------------------------------------------------------
// The context (letter_context / sample_context)

const MONTHS: Record<LetterLanguage, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

/** "2 March 2026", "2 de marzo de 2026", "2. März 2026", "2 mars 2026" (LetterLanguage::date). */
export function letterDate(lang: LetterLanguage, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [y, month, day] = [Number(m[1]), MONTHS[lang][Number(m[2]) - 1] ?? '', Number(m[3])];
  if (lang === 'es') return `${day} de ${month} de ${y}`;
  if (lang === 'de') return `${day}. ${month} ${y}`;
  if (lang === 'fr') return `${day}${day === 1 ? 'er' : ''} ${month} ${y}`;
  return `${day} ${month} ${y}`;
}

const TYPE_WORDS: Record<LetterLanguage, Record<RequestType, string>> = {
  en: { access: 'access', know: 'access', rectification: 'rectification', correct: 'rectification', erasure: 'erasure', delete: 'erasure', restriction: 'restriction', portability: 'data portability', objection: 'objection', 'automated-decision': 'automated-decision', 'opt-out': 'opt-out', limit: 'limit-use' },
  es: { access: 'acceso', know: 'acceso', rectification: 'rectificación', correct: 'rectificación', erasure: 'supresión', delete: 'supresión', restriction: 'limitación del tratamiento', portability: 'portabilidad', objection: 'oposición', 'automated-decision': 'no ser objeto de decisiones automatizadas', 'opt-out': 'exclusión de la venta', limit: 'limitación del uso' },
  de: { access: 'Auskunft', know: 'Auskunft', rectification: 'Berichtigung', correct: 'Berichtigung', erasure: 'Löschung', delete: 'Löschung', restriction: 'Einschränkung der Verarbeitung', portability: 'Datenübertragbarkeit', objection: 'Widerspruch', 'automated-decision': 'automatisierte Entscheidung', 'opt-out': 'Opt-out', limit: 'Nutzungsbeschränkung' },
  fr: { access: 'accès', know: 'accès', rectification: 'rectification', correct: 'rectification', erasure: 'effacement', delete: 'effacement', restriction: 'limitation du traitement', portability: 'portabilité', objection: 'opposition', 'automated-decision': 'décision automatisée', 'opt-out': 'opposition à la vente', limit: "limitation de l'utilisation" },
};

function provision(lang: LetterLanguage, t: RequestType): string {
  const p = REQUEST_TYPE_PROVISION[t];
  const gdpr = p.startsWith('GDPR');
  if (lang === 'es') return p.replace('GDPR Art.', 'art. RGPD');
  if (lang === 'de') return p.replace('GDPR Art.', 'Art.') + (gdpr ? ' DSGVO' : '');
  if (lang === 'fr') return p.replace('GDPR Art.', 'article') + (gdpr ? ' du RGPD' : '');
  return p;
}

const UNITS: Record<LetterLanguage, Record<RetentionUnit, [string, string]>> = {
  en: { days: ['day', 'days'], months: ['month', 'months'], years: ['year', 'years'] },
  es: { days: ['día', 'días'], months: ['mes', 'meses'], years: ['año', 'años'] },
  de: { days: ['Tag', 'Tage'], months: ['Monat', 'Monate'], years: ['Jahr', 'Jahre'] },
  fr: { days: ['jour', 'jours'], months: ['mois', 'mois'], years: ['an', 'ans'] },
};

function retentionText(lang: LetterLanguage, r: Activity['data_categories'][number]['retention']): string {
  const parts: string[] = [];
  if (r.period) {
    let s = `${r.period.amount} ${UNITS[lang][r.period.unit][r.period.amount === 1 ? 0 : 1]}`;
    if (r.period.trigger.trim() !== '') s += ` (${r.period.trigger.trim()})`;
    parts.push(s);
  }
  if (r.criteria.trim() !== '') parts.push(r.criteria.trim());
  return parts.length > 0 ? parts.join(', ') : '–';
}

/** A context with every field filled, to check an edited template before it is saved (sample_context). */
export function sampleContext(): Record<string, JsonValue> {
  return {
    org: { name: 'Example Ltd', address: '1 Example Street', email: 'info@example.org', dpo_name: 'A. DPO', dpo_email: 'dpo@example.org' },
    request: { id: 'DSR-2026-0001', type: 'access', provision: 'GDPR Art. 15', received: '2 March 2026', requester_name: 'Alex Example' },
    dates: { due: '2 April 2026', safe_due: '2 April 2026', extension_notice_due: '2 April 2026', extended_due: '2 June 2026' },
    reasons: 'the number of records',
    note: 'which account',
    activities: [
      {
        id: 'PA-0001',
        name: 'Payroll',
        purposes: ['Pay salaries'],
        lawful_bases: ['Art. 6(1)(b)'],
        data_categories: [{ name: 'Bank details', retention: '6 years' }],
        recipients: ['Bank'],
        transfers: [{ country: 'US', mechanism: 'Art. 46(2)(c)', safeguards: 'SCC' }],
        source: '',
        automated_decision: false,
        automated_logic: '',
      },
    ],
    recipients: ['Bank'],
  };
}

/** Everything a template can use, and the warnings (letter_context). Throws the reason a letter cannot be
 *  written yet as a TemplateError (the API turns it into `conflict`). */
export function letterContext(
  kind: LetterKind,
  lang: LetterLanguage,
  view: RequestView,
  org: Organisation | null,
  activities: Activity[],
  reason: string | null,
): { context: Record<string, JsonValue>; warnings: string[] } {
  const r: DataSubjectRequest = view.request;
  const due = view.due;
  const warnings: string[] = [];
  const lastNote = (k: string) => [...r.events].reverse().find((e) => e.kind === k)?.note ?? null;
  let reasons = reason ?? '';
  if (kind === 'extension-notice') {
    const notes = lastNote('extended');
    if (notes === null) throw new TemplateError('record the extension first (event "extended" with its reasons)');
    const on = r.events.find((e) => e.kind === 'extended')?.date;
    const by = due.deadline.extension_notice_due;
    if (on !== undefined && by !== null && on > by) {
      warnings.push(`This notice comes after the first period ended (${by}): the extension is too late to take effect.`);
    }
    reasons = reason ?? notes;
  } else if (kind === 'refusal') {
    const x = reason ?? lastNote('refused');
    if (x === null || x.trim() === '') throw new TemplateError('give the reason for the refusal (Art. 12(4))');
    reasons = x;
  }
  if (kind === 'access-answer') {
    if (r.request_type !== 'access' && r.request_type !== 'know') warnings.push(`This is a ${r.request_type} request, not an access request.`);
    if (activities.length === 0) warnings.push('No processing activity is linked to the request: the answer lists none.');
  }
  const acts: JsonValue[] = activities.map((a) => ({
    id: a.id,
    name: a.name,
    purposes: [...a.purposes],
    lawful_bases: a.lawful_bases.map((b) => LAWFUL_BASIS_ARTICLE[b]),
    data_categories: a.data_categories.map((c) => ({ name: c.category, retention: retentionText(lang, c.retention) })),
    recipients: [...a.recipients],
    transfers: a.transfers.map((t) => ({ country: t.country, mechanism: t.mechanism ? MECHANISM_ARTICLE[t.mechanism] : '', safeguards: t.safeguards })),
    source: a.data_source,
    automated_decision: a.automated_decision,
    automated_logic: a.automated_decision_logic,
  }));
  const told = (r.recipients ?? []).filter((n) => n.status === 'notified' || n.status === 'acknowledged').map((n) => n.recipient);
  const o = org ?? { name: '', address: '', email: '', dpo_name: '', dpo_email: '' };
  return {
    context: {
      org: { name: o.name, address: o.address, email: o.email, dpo_name: o.dpo_name, dpo_email: o.dpo_email },
      request: {
        id: r.id,
        type: TYPE_WORDS[lang][r.request_type],
        provision: provision(lang, r.request_type),
        received: letterDate(lang, r.received_at),
        requester_name: r.requester.name,
      },
      dates: {
        due: letterDate(lang, due.due),
        safe_due: letterDate(lang, due.safe_due),
        extension_notice_due: due.deadline.extension_notice_due ? letterDate(lang, due.deadline.extension_notice_due) : '',
        extended_due: due.deadline.extended_legal_due ? letterDate(lang, due.deadline.extended_legal_due) : '',
      },
      reasons,
      note: reason ?? '',
      activities: acts,
      recipients: told,
    },
    warnings,
  };
}

// ------------------------------------------------------------------------------------------------
// The PDF (ASCII only: the mock's PDF has no embedded font)

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/[“”«»]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/§/g, 'S.')
    .replace(/·/g, '-')
    .replace(/[^\x20-\x7e]/g, '?');
}

function wrap(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > 0 ? cut : width;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
  }
  out.push(rest);
  return out;
}

/** A small valid PDF of the letter: letterhead, recipient, date and reference, subject, body. */
export function letterPdf(letter: Letter, view: RequestView, org: Organisation | null, date: string, paper: ReportPaper): Uint8Array {
  const head = [
    org?.name || '-',
    ...[org?.address ?? '', org?.email ?? ''].filter((s) => s.trim() !== '').map((s) => s.replace(/\n/g, ', ')),
    '',
    ...[view.request.requester.name, view.request.requester.email].filter((s) => s.trim() !== ''),
    '',
    `${date} - ${view.request.id}`,
    '',
  ];
  const body = letter.body.split('\n').flatMap((l) => wrap(l, 85));
  const lines = [letter.subject, ...head, ...body].map(ascii);
  const perPage = paper === 'letter' ? 28 : 30;
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) {
    pages.push(i === 0 ? lines.slice(0, perPage) : [ascii(`${letter.subject} (${pages.length + 1})`), ...lines.slice(i, i + perPage)]);
  }
  return mockPdf(pages, paper);
}

// ------------------------------------------------------------------------------------------------
// Reminder settings (ReminderSettings::normalised)

export const DEFAULT_REMINDERS: ReminderSettings = { enabled: true, days_before: [7, 1], overdue: true };
export const MAX_DAYS_BEFORE = 60;
export const MAX_REMINDERS = 5;

export function normaliseReminders(s: ReminderSettings): ReminderSettings {
  const bad = s.days_before.find((d) => !Number.isInteger(d) || d < 0);
  if (bad !== undefined) throw fail('validation', `${bad} is not a number of days (0 or more)`);
  const tooEarly = s.days_before.find((d) => d > MAX_DAYS_BEFORE);
  if (tooEarly !== undefined) throw fail('validation', `${tooEarly} days before is too early: at most ${MAX_DAYS_BEFORE}`);
  const days = [...new Set(s.days_before)].sort((a, b) => b - a);
  if (days.length > MAX_REMINDERS) throw fail('validation', `at most ${MAX_REMINDERS} reminders before a due date`);
  if (s.enabled && days.length === 0 && !s.overdue) {
    throw fail('validation', 'no reminder is chosen: give days before the due date, or overdue, or turn reminders off');
  }
  return { enabled: s.enabled, days_before: days, overdue: s.overdue };
}

// ------------------------------------------------------------------------------------------------
// The mock's state

export interface LettersDeps {
  request(id: string): RequestView;
  organisation(): Organisation | null;
  /** The activity, or null when it no longer exists. */
  activity(id: string): Activity | null;
  audit(objectType: string, objectId: string, action: string, before: JsonValue | null, after: JsonValue | null): void;
  /** What the save dialog returns: undefined for the default path, null when cancelled. */
  savePath(): string | null | undefined;
}

const key = (kind: LetterKind, lang: LetterLanguage) => `letter.${lang}.${kind}`;

export class MockLetters {
  private templates = new Map<string, string>();
  private reminders: ReminderSettings = { ...DEFAULT_REMINDERS, days_before: [...DEFAULT_REMINDERS.days_before] };

  constructor(private readonly deps: LettersDeps) {}

  letterTemplate(kind: LetterKind, lang: LetterLanguage): LetterTemplate {
    checkKind(kind, lang);
    const own = this.templates.get(key(kind, lang));
    return { kind, language: lang, text: own ?? defaultTemplate(kind, lang), customised: own !== undefined };
  }

  setLetterTemplate(kind: LetterKind, lang: LetterLanguage, text: string | null): LetterTemplate {
    checkKind(kind, lang);
    if (text !== null) validated(() => renderLetter(text, sampleContext()));
    const before = this.letterTemplate(kind, lang);
    if (text === null) this.templates.delete(key(kind, lang));
    else this.templates.set(key(kind, lang), text);
    this.deps.audit(
      'letter_template',
      key(kind, lang),
      'update',
      { text: before.text, customised: before.customised },
      { text: text ?? defaultTemplate(kind, lang), customised: text !== null },
    );
    return this.letterTemplate(kind, lang);
  }

  previewLetterTemplate(kind: LetterKind, lang: LetterLanguage, text: string, id: string | null, reason: string | null): Letter {
    checkKind(kind, lang);
    validated(() => renderLetter(text, sampleContext()));
    const { context, warnings } = id === null ? { context: sampleContext(), warnings: [] } : this.context(id, kind, lang, reason);
    const { subject, body } = validated(() => renderLetter(text, context));
    return { kind, language: lang, subject, body, warnings };
  }

  requestLetter(id: string, kind: LetterKind, lang: LetterLanguage, reason: string | null): Letter {
    checkKind(kind, lang);
    const { context, warnings } = this.context(id, kind, lang, reason);
    const { subject, body } = validated(() => renderLetter(this.letterTemplate(kind, lang).text, context));
    return { kind, language: lang, subject, body, warnings };
  }

  requestLetterPdf(id: string, kind: LetterKind, lang: LetterLanguage, reason: string | null, paper: ReportPaper): { letter: Letter; pdf: Uint8Array } {
    const letter = this.requestLetter(id, kind, lang, reason);
    const view = this.deps.request(id);
    return { letter, pdf: letterPdf(letter, view, this.deps.organisation(), letterDate(lang, view.today), paper) };
  }

  saveRequestLetter(id: string, kind: LetterKind, lang: LetterLanguage, reason: string | null, paper: ReportPaper): SavedLetter | null {
    const { letter, pdf } = this.requestLetterPdf(id, kind, lang, reason, paper);
    const chosen = this.deps.savePath();
    const path = chosen === undefined ? `/home/dpo/Documents/${id}-${kind}-${lang}.pdf` : chosen;
    if (path === null) return null;
    // The PDF is ASCII: its bytes are its text.
    const sha256 = sha256Hex(new TextDecoder().decode(pdf));
    this.deps.audit('letter', id, 'issue', null, {
      kind,
      language: lang,
      subject: letter.subject,
      file: path.split('/').pop() ?? path,
      bytes: pdf.length,
      sha256,
      template_customised: this.letterTemplate(kind, lang).customised,
      warnings: letter.warnings,
    });
    return { pdf: path, sha256, warnings: letter.warnings };
  }

  reminderSettings(): ReminderSettings {
    return { ...this.reminders, days_before: [...this.reminders.days_before] };
  }

  setReminderSettings(s: ReminderSettings): ReminderSettings {
    const next = normaliseReminders(s);
    const before = this.reminderSettings();
    if (JSON.stringify(before) !== JSON.stringify(next)) {
      this.reminders = next;
      this.deps.audit('setting', 'requests.reminders', 'update', { ...before }, { ...next });
    }
    return this.reminderSettings();
  }

  private context(id: string, kind: LetterKind, lang: LetterLanguage, reason: string | null) {
    const view = this.deps.request(id);
    const activities = view.request.activities.map((a) => this.deps.activity(a)).filter((a): a is Activity => a !== null);
    const given = reason !== null && reason.trim() !== '' ? reason : null;
    try {
      return letterContext(kind, lang, view, this.deps.organisation(), activities, given);
    } catch (e) {
      if (e instanceof TemplateError) throw fail('conflict', `${id}: ${e.message}`);
      throw e;
    }
  }
}

function checkKind(kind: LetterKind, lang: LetterLanguage) {
  if (!LETTER_KINDS.includes(kind)) throw fail('validation', `unknown letter kind ${JSON.stringify(kind)}`);
  if (!LETTER_LANGUAGES.includes(lang)) throw fail('validation', `unknown letter language ${JSON.stringify(lang)}`);
}

function validated<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TemplateError) throw fail('validation', e.message);
    throw e;
  }
}
