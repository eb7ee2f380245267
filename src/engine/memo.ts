// Remembering pure results on the objects they were computed from. The engine asks for the same
// derived figure (hours in a month, replica-seconds per call, …) for every month of every strategy;
// each costs exact Decimal arithmetic, so it is worked out once per input object. WeakMaps: the
// cache goes when the input does, and a new input (another scenario, a sweep point) never sees an
// old answer. This relies on engine inputs being values: resolveScenario builds a fresh one for every
// run and nothing changes one afterwards (mutating an input and comparing again would reuse figures).

/** `f(a)`, computed once per object `a`. */
export function memoOn<A extends object, R>(f: (a: A) => R): (a: A) => R {
  const cache = new WeakMap<A, R>();
  return (a) => {
    let r = cache.get(a);
    if (r === undefined && !cache.has(a)) cache.set(a, (r = f(a)));
    return r as R;
  };
}

/**
 * `f(a)`, remembering only the last argument: for what is asked month after month with, in a flat
 * stretch, the very same object (see monthlyCalls). Unlike a WeakMap it costs nothing to the garbage
 * collector when every month brings a new object.
 */
export function memoLast<A extends object, R>(f: (a: A) => R): (a: A) => R {
  let lastA: A | undefined;
  let lastR: R;
  return (a) => {
    if (a !== lastA) {
      lastR = f(a);
      lastA = a;
    }
    return lastR;
  };
}

/** `f(a, b)`, computed once per pair of objects. */
export function memoOn2<A extends object, B extends object, R>(f: (a: A, b: B) => R): (a: A, b: B) => R {
  const cache = new WeakMap<A, WeakMap<B, R>>();
  return (a, b) => {
    let byB = cache.get(a);
    if (!byB) cache.set(a, (byB = new WeakMap()));
    let r = byB.get(b);
    if (r === undefined && !byB.has(b)) byB.set(b, (r = f(a, b)));
    return r as R;
  };
}
