// The TUI's entry points for the command: run it on a terminal over a findings source.
export { runTui, isInteractive, NOT_A_TERMINAL } from './run-tui.js';
export {
  objectsSource,
  viewOf,
  type FindingsSource,
  type ClusterView,
  type SourceStatus,
  type SourceInfo,
  type SourceListener,
} from './findings-source.js';
