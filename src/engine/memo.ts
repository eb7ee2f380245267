// Remembering pure results on the objects they were computed from. The engine asks for the same
// derived figure (hours in a month, replica-seconds per call, …) for every month of every strategy;
// each costs exact Decimal arithmetic, so it is worked out once per input object. WeakMaps: the
// cache goes when the input does, and a new input (another scenario, a sweep point) never sees an
// old answer.

/** `f(a)`, computed once per object `a`. */
export function memoOn<A extends object, R>(f: (a: A) => R): (a: A) => R {
  const cache = new WeakMap<A, R>();
  return (a) => {
    if (cache.has(a)) return cache.get(a) as R;
    const r = f(a);
    cache.set(a, r);
    return r;
  };
}

/** `f(a, b)`, computed once per pair of objects. */
export function memoOn2<A extends object, B extends object, R>(f: (a: A, b: B) => R): (a: A, b: B) => R {
  const cache = new WeakMap<A, WeakMap<B, R>>();
  return (a, b) => {
    let byB = cache.get(a);
    if (!byB) cache.set(a, (byB = new WeakMap()));
    if (byB.has(b)) return byB.get(b) as R;
    const r = f(a, b);
    byB.set(b, r);
    return r;
  };
}
