// A reducer whose state is readable synchronously: keys that arrive in one burst see each other's effects.
import { useCallback, useReducer, useRef, type MutableRefObject } from 'react';

/**
 * Like useReducer, but `ref.current` is the new state as soon as `dispatch` returns, before
 * React renders. A terminal can deliver `/web⏎j` in one read (tmux send-keys, a paste, fast
 * typing); each key must be routed by the state the previous key left, not the last render's.
 */
export function useStore<S, A>(
  reduce: (state: S, action: A) => S,
  init: () => S,
): [MutableRefObject<S>, (action: A) => void] {
  const ref = useRef<S | undefined>(undefined) as MutableRefObject<S>;
  if (ref.current === undefined) ref.current = init();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const reduceRef = useRef(reduce);
  reduceRef.current = reduce;
  const dispatch = useCallback((action: A) => {
    const next = reduceRef.current(ref.current, action);
    if (next === ref.current) return;
    ref.current = next;
    rerender();
  }, []);
  return [ref, dispatch];
}
