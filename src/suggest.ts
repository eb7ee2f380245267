// "Did you mean …?" for ids and keys: the closest candidates by edit distance.

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The candidates nearest to `input`, best first. A candidate that contains the input (or the part after
 * a provider prefix) counts as near, so `gpt-4o` suggests `openai/gpt-4o`.
 */
export function nearest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    const hay = c.toLowerCase();
    const tail = hay.includes('/') ? hay.slice(hay.indexOf('/') + 1) : hay;
    let d = Math.min(editDistance(needle, hay), editDistance(needle, tail));
    if (needle.length >= 3 && (hay.includes(needle) || needle.includes(tail))) d = Math.min(d, 1);
    scored.push({ c, d });
  }
  const limit = Math.max(2, Math.ceil(needle.length * 0.4));
  const best = Math.min(...scored.map((s) => s.d));
  // Only the closest: "did you mean 'output_tokens'", not a list of everything within reach.
  return scored
    .filter((s) => s.d <= limit && s.d === best)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, max)
    .map((s) => s.c);
}

export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const found = nearest(input, candidates);
  return found.length ? found.map((s) => `'${s}'`).join(' or ') : undefined;
}
