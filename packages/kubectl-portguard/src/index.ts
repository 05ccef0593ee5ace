// Public entry of the kubectl plugin: main() with injected I/O.
export { main, type MainIO } from './main.js';
