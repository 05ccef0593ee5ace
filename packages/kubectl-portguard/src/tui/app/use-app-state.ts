// The app's own state: the mode, the filter, the latest view and source status, the status message.
import type { Finding } from '@portguard/core';
import type { ClusterView, SourceStatus } from '../findings-source.js';
import type { StatusMessage } from '../footer/footer.js';
import { NO_FILTER, nextMinSeverity, type Scope, type ViewFilter } from '../model/view-filter.js';

export type Mode = 'list' | 'details' | 'filter' | 'picker' | 'help';

export interface AppState {
  mode: Mode;
  /** Where Esc (or `?` again) returns from help. */
  helpReturn: Mode;
  filter: ViewFilter;
  /** The text filter before `/`, restored by Esc. */
  textBeforeEdit: string;
  /** Key of the finding whose details are open. */
  detailsKey?: string;
  message?: StatusMessage;
  view?: ClusterView;
  status: SourceStatus;
  context?: string;
  server?: string;
}

export type AppAction =
  | { type: 'view'; view: ClusterView }
  | { type: 'status'; status: SourceStatus; context?: string; server?: string }
  | { type: 'openDetails'; key: string }
  | { type: 'back' }
  | { type: 'startFilter' }
  | { type: 'editFilter'; text: string }
  | { type: 'commitFilter' }
  | { type: 'cancelFilter' }
  | { type: 'cycleSeverity' }
  | { type: 'openPicker' }
  | { type: 'pick'; scope?: Scope }
  /** `c` in a fleet view: all clusters → the first → … → the last → all again. */
  | { type: 'cycleCluster'; clusters: readonly string[] }
  | { type: 'toggleHelp' }
  | { type: 'message'; message?: StatusMessage };

export function initialAppState(info: { context?: string; server?: string } = {}): AppState {
  const state: AppState = {
    mode: 'list',
    helpReturn: 'list',
    filter: NO_FILTER,
    textBeforeEdit: '',
    status: { state: 'listing', listed: 0 },
  };
  if (info.context !== undefined) state.context = info.context;
  if (info.server !== undefined) state.server = info.server;
  return state;
}

/** Every transition of the app as a pure function: tested without a terminal. */
export function reduceApp(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'view':
      return { ...state, view: action.view };
    case 'status':
      return {
        ...state,
        status: action.status,
        context: action.context ?? state.context,
        server: action.server ?? state.server,
      };
    case 'openDetails':
      return { ...state, mode: 'details', detailsKey: action.key, message: undefined };
    case 'back':
      if (state.mode === 'list' && state.filter.text) {
        return { ...state, filter: { ...state.filter, text: '' }, message: undefined };
      }
      return { ...state, mode: 'list', message: undefined };
    case 'startFilter':
      return { ...state, mode: 'filter', textBeforeEdit: state.filter.text, message: undefined };
    case 'editFilter':
      return { ...state, filter: { ...state.filter, text: action.text } };
    case 'commitFilter':
      return { ...state, mode: 'list' };
    case 'cancelFilter':
      return { ...state, mode: 'list', filter: { ...state.filter, text: state.textBeforeEdit } };
    case 'cycleSeverity': {
      const minSeverity = nextMinSeverity(state.filter.minSeverity);
      return {
        ...state,
        filter: { ...state.filter, minSeverity },
        message: { text: `showing severity ${minSeverity} and above`, tone: 'info' },
      };
    }
    case 'cycleCluster': {
      if (action.clusters.length === 0) {
        return { ...state, message: { text: 'one cluster: nothing to cycle', tone: 'info' } };
      }
      const at =
        state.filter.cluster === undefined ? -1 : action.clusters.indexOf(state.filter.cluster);
      const next = action.clusters[at + 1];
      const filter: ViewFilter = { ...state.filter };
      if (next === undefined) delete filter.cluster;
      else filter.cluster = next;
      const text = next === undefined ? 'showing every cluster' : `showing cluster ${next}`;
      return { ...state, filter, message: { text, tone: 'info' } };
    }
    case 'openPicker':
      return { ...state, mode: 'picker', message: undefined };
    case 'pick': {
      const filter: ViewFilter = { ...state.filter };
      if (action.scope) filter.scope = action.scope;
      else delete filter.scope;
      return { ...state, mode: 'list', filter };
    }
    case 'toggleHelp':
      return state.mode === 'help'
        ? { ...state, mode: state.helpReturn }
        : { ...state, mode: 'help', helpReturn: state.mode === 'details' ? 'details' : 'list' };
    case 'message':
      return { ...state, message: action.message };
  }
}

/** The finding whose details are open, looked up in the latest view (undefined once it is gone). */
export function findingByKey(
  findings: ReadonlyMap<string, Finding>,
  key: string | undefined,
): Finding | undefined {
  return key === undefined ? undefined : findings.get(key);
}
