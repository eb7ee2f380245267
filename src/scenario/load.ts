// Scenario files: read and parse (pure, from text) and validate against the schema, with every
// failure an InputError placed at the scenario's file, line and field. Resolving the validated
// scenario against the pricing tables is the next stage (src/resolve/).
import { checkDocument } from '../input/document.js';
import { readTextFile } from '../input/read.js';
import { parseYaml, validate, type ParsedYaml } from '../input/yaml.js';
import { checkDistributionBounds } from './bounds.js';
import { extractDistributions, type UncertainInput } from './extract.js';
import { Scenario } from './schema.js';

/** A scenario as read and validated: immutable from here on (samples are measured into a new value). */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  parsed: ParsedYaml;
  /** Inputs given as distributions (each replaced by its point value in `scenario`). */
  uncertain?: UncertainInput[];
  /** Absolute path when read from a file: `sample:` paths are relative to its folder. */
  path?: string | undefined;
  /** Let `sample:` paths reach outside the scenario's folder (--allow-outside-paths). */
  allowOutsidePaths?: boolean | undefined;
}

export interface ReadScenarioOptions {
  allowOutsidePaths?: boolean | undefined;
}

export function parseScenarioText(text: string, file: string): LoadedScenario {
  const parsed = parseYaml(text, file);
  checkDocument(parsed, 'scenario');
  // Distributions become their point values before the schema runs (docs/uncertainty.md).
  const { data, inputs } = extractDistributions(parsed);
  const scenario = validate(Scenario, { ...parsed, data });
  checkDistributionBounds(inputs, parsed);
  return { file, scenario, parsed, uncertain: inputs };
}

export function readScenario(path: string, displayName = path, options: ReadScenarioOptions = {}): LoadedScenario {
  return {
    ...parseScenarioText(readTextFile(path, undefined, displayName), displayName),
    path,
    allowOutsidePaths: options.allowOutsidePaths,
  };
}
