// The checks every llmcost YAML document shares before its own schema runs: it is a mapping and it
// declares a version this build understands.
import { InputError } from '../errors.js';
import { describeValue, positionOf, type ParsedYaml } from './yaml.js';

export const SUPPORTED_VERSIONS = [1] as const;

export function checkDocument(parsed: ParsedYaml, kind: string): void {
  const { data, file } = parsed;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError({
      code: 'E_TYPE',
      file,
      ...positionOf(parsed, []),
      message: `the ${kind} is ${describeValue(data)}`,
      expected: 'a mapping with `version: 1` at the top',
    });
  }
  const version = (data as Record<string, unknown>).version;
  if (version === undefined) {
    throw new InputError({
      code: 'E_VERSION',
      file,
      line: 1,
      col: 1,
      field: 'version',
      message: 'is missing',
      expected: '`version: 1` at the top of the file',
    });
  }
  if (!(SUPPORTED_VERSIONS as readonly unknown[]).includes(version)) {
    throw new InputError({
      code: 'E_VERSION',
      file,
      ...positionOf(parsed, ['version']),
      field: 'version',
      message: `${describeValue(version)} is not supported by this llmcost`,
      expected: SUPPORTED_VERSIONS.join(' or '),
    });
  }
}
