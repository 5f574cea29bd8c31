// A strict parser of the Prometheus text exposition format (version 0.0.4), for the tests of
// /api/metrics: whatever a scraper would reject, or silently misread, is an error here, naming the
// line. Checked: HELP and TYPE before a family's samples, one TYPE per family, names and label
// names of the allowed characters, label values with only the three escapes, numeric values,
// no series twice, a family's samples together, and for histograms: `le` buckets ascending and
// cumulative, ending at +Inf equal to _count, with a _sum.

export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'; help: string | null; samples: Sample[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count', ''] };

export class ExpositionError extends Error {}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new ExpositionError('the exposition must end with a line feed');
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  const typed = new Set<string>();
  let current: Family | null = null;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, index) => {
    const fail = (problem: string): never => {
      throw new ExpositionError(`line ${index + 1}: ${problem}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    const comment = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
    if (comment) {
      const [, keyword, name, rest] = comment as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) fail('bad metric name');
      if (finished.has(name)) fail('family continued after another began');
      let family = families.get(name);
      if (!family) {
        if (current) finished.add(current.name);
        family = { name, type: 'untyped', help: null, samples: [] };
        families.set(name, family);
        current = family;
      } else if (family !== current) fail('family continued after another began');
      if (family.samples.length > 0) fail(`${keyword} after samples`);
      if (keyword === 'HELP') {
        if (family.help !== null) fail('second HELP');
        family.help = unescapeHelp(rest, fail);
      } else {
        if (!TYPES.has(rest) || typed.has(name)) fail('bad or repeated TYPE');
        family.type = rest as Family['type'];
        typed.add(name);
      }
      return;
    }
    if (line.startsWith('#')) return;
    const sample = parseSample(line, fail);
    const family = current && familyOf(sample.name, current) ? current : null;
    if (!family) fail('sample outside its family (no TYPE line before it, or another family in between)');
    if (family!.samples.some((other) => other.name === sample.name && sameLabels(other.labels, sample.labels))) fail('series repeated');
    family!.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function familyOf(sampleName: string, family: Family): boolean {
  const suffixes = SUFFIXES[family.type] ?? [''];
  return suffixes.some((suffix) => sampleName === family.name + suffix);
}

function parseSample(line: string, fail: (problem: string) => never): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head) fail('bad metric name');
  const name = head![1]!;
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const label = /^([^=]*)="/.exec(rest);
      if (!label || !LABEL_NAME.test(label[1]!)) fail('bad label');
      const labelName = label![1]!;
      if (labelName in labels) fail('label repeated');
      rest = rest.slice(label![0].length);
      let value = '';
      for (;;) {
        const char = rest[0];
        if (char === undefined) fail('unterminated label value');
        if (char === '"') break;
        if (char === '\\') {
          const escaped = { '\\': '\\', '"': '"', n: '\n' }[rest[1] ?? ''];
          if (escaped === undefined) fail('bad escape in label value');
          value += escaped;
          rest = rest.slice(2);
        } else {
          value += char;
          rest = rest.slice(1);
        }
      }
      labels[labelName] = value;
      rest = rest.slice(1);
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) fail('expected , or } after a label');
    }
    rest = rest.slice(1);
  }
  const fields = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!fields) fail('expected one space, a value and an optional timestamp');
  return { name, labels, value: parseValue(fields![1]!, fail) };
}

// As Go's strconv.ParseFloat reads it (the format's definition): NaN and Inf in any case
// (prom-client writes "Nan").
function parseValue(text: string, fail: (problem: string) => never): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail('bad value');
  return Number(text);
}

function unescapeHelp(text: string, fail: (problem: string) => never): string {
  return text.replace(/\\(.?)/g, (_, char: string) => {
    if (char === '\\') return '\\';
    if (char === 'n') return '\n';
    return fail('bad escape in HELP');
  });
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function checkHistogram(family: Family): void {
  const fail = (problem: string): never => {
    throw new ExpositionError(`histogram ${family.name}: ${problem}`);
  };
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { le, ...others } = sample.labels;
    if (sample.name.endsWith('_bucket') && le === undefined) fail('a bucket without le');
    const key = JSON.stringify(Object.entries(others).sort());
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((sample) => sample.name.endsWith('_bucket'));
    const bounds = buckets.map((bucket) => parseValue(bucket.labels.le!, fail));
    if (bounds.at(-1) !== Number.POSITIVE_INFINITY) fail(`${key}: no +Inf bucket last`);
    for (let i = 1; i < buckets.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) fail(`${key}: le not ascending`);
      if (buckets[i]!.value < buckets[i - 1]!.value) fail(`${key}: bucket counts not cumulative`);
    }
    const count = samples.find((sample) => sample.name === `${family.name}_count`);
    if (!count || count.value !== buckets.at(-1)!.value) fail(`${key}: _count missing or not the +Inf bucket's count`);
    if (!samples.some((sample) => sample.name === `${family.name}_sum`)) fail(`${key}: no _sum`);
  }
}

/** A counter's value; a labelled series not counted yet does not exist, and counts 0. */
export function counterValue(families: Map<string, Family>, family: string, labels: Record<string, string> = {}): number {
  const found = families.get(family)?.samples.some((sample) => sameLabels(sample.labels, labels));
  return found ? sampleValue(families, family, labels) : 0;
}

/** The value of the one sample with exactly these labels (and `name`, default the family's). */
export function sampleValue(families: Map<string, Family>, family: string, labels: Record<string, string> = {}, name = family): number {
  const found = families.get(family)?.samples.filter((sample) => sample.name === name && sameLabels(sample.labels, labels)) ?? [];
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name}${JSON.stringify(labels)}`);
  return found[0]!.value;
}
