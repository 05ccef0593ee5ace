// The footer widget (no input of its own).
export { Footer, FOOTER_HEIGHT, KEYS, type FooterProps, type StatusMessage } from './footer.js';
