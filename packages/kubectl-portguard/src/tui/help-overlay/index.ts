// The help overlay widget: view and key map.
export { HelpOverlay, HELP_LINES, type HelpOverlayProps } from './help-overlay.js';
export { helpOverlayKey } from './use-help-overlay-input.js';
