// The data a language service reads: the engine's `DataAccess` (engine/types). A
// provider answers from a cache and says `pending` while a file is still loading.
import type { DataAccess, LoadState } from '../../engine/types';

export type { DataAccess, LoadState };

/** Returns the value when ready, otherwise undefined. */
export function readyValue<T>(s: LoadState<T> | undefined): T | undefined {
  return s && s.state === 'ready' ? s.value : undefined;
}

/** Wraps a DataAccess and records every path asked for (the document's data dependencies). */
export function trackingAccess(inner: DataAccess, seen: Set<string>): DataAccess {
  const tracked: DataAccess = {
    prices: (p, col) => {
      seen.add(p);
      return inner.prices(p, col);
    },
    mapping: (p) => {
      seen.add(p);
      return inner.mapping(p);
    },
    datedValues: (p, col) => {
      seen.add(p);
      return inner.datedValues(p, col);
    },
  };
  const orders = inner.orders?.bind(inner);
  if (orders)
    tracked.orders = (p) => {
      seen.add(p);
      return orders(p);
    };
  const borrow = inner.borrow?.bind(inner);
  if (borrow)
    tracked.borrow = (p) => {
      seen.add(p);
      return borrow(p);
    };
  return tracked;
}
