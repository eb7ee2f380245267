// Every input that shaped the numbers, with its value and whether the file said it or a default did.
import type { Assumption } from '../vocabulary.js';
import { describeDistribution } from '../scenario/distribution.js';
import { Decimal } from '../money.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { MeasuredScenario, SampleField } from './samples.js';

const SKIP = new Set(['version', 'name', 'description', 'budgets']);

export function listAssumptions(loaded: LoadedScenario | MeasuredScenario): Assumption[] {
  const out: Assumption[] = [];
  // An input given as a distribution shows its point value and the distribution it stands for.
  const uncertain = new Map((loaded.uncertain ?? []).map((u) => [u.field, describeDistribution(u.dist)]));
  const walk = (value: unknown, raw: unknown, path: string) => {
    // A portfolio's class: workloads[i].input_tokens, measured as the class's own scenario.
    const cls = /^workloads\[(\d+)\]\.(.+)$/.exec(path);
    const measured = path.startsWith('workload.')
      ? ('measured' in loaded ? loaded.measured : undefined)?.[path.slice('workload.'.length) as SampleField]
      : cls
        ? ('classMeasured' in loaded ? loaded.classMeasured : undefined)?.[Number(cls[1])]?.[cls[2] as SampleField]
        : undefined;
    if (measured) {
      out.push({
        field: path,
        value: measured.value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(),
        source: measured.source,
      });
      return;
    }
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) {
        out.push({
          field: path,
          value: value.map(String).join(', '),
          source: raw === undefined ? 'default' : loaded.file,
        });
        return;
      }
      value.forEach((v, i) => walk(v, Array.isArray(raw) ? raw[i] : undefined, `${path}[${i}]`));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!path && SKIP.has(k)) continue;
        const r = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[k] : undefined;
        walk(v, r, path ? `${path}.${k}` : k);
      }
      return;
    }
    if (value === undefined) return;
    const dist = uncertain.get(path);
    out.push({
      field: path,
      value: dist ? `${String(value)} (point value of ${dist})` : String(value),
      source: raw === undefined ? 'default' : loaded.file,
    });
  };
  walk(loaded.scenario, loaded.parsed.data, '');
  return out;
}
