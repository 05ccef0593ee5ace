// The details pane widget: view, scroll state, key map, and the pure line builder.
export { DetailsPane, type DetailsPaneProps } from './details-pane.js';
export { detailLines, type DetailLine, type DetailInput, type Tone } from './detail-lines.js';
export { reduceScroll, visibleOffset, type ScrollAction } from './use-details-pane-state.js';
export { detailsPaneKey } from './use-details-pane-input.js';
