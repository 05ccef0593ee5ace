// The header widget (no input of its own).
export { Header, HEADER_HEIGHT, statusText, type HeaderProps } from './header.js';
export { useSpinner, SPINNER_FRAMES } from './use-spinner.js';
