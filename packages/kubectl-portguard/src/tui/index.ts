// The TUI's entry points for the command: run it on a terminal over a findings source.
export { runTui } from './run-tui.js';
export { clusterSource, sourceStatusOf, type WatchFn } from './cluster-source.js';
export {
  objectsSource,
  viewOf,
  type FindingsSource,
  type ClusterView,
  type SourceStatus,
  type SourceInfo,
  type SourceListener,
} from './findings-source.js';
