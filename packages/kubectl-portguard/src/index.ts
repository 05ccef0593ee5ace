// Public entry of the kubectl plugin: main() with injected I/O, and runProcess() for the bins.
export { main, type MainIO } from './main.js';
export { runProcess } from './run-process.js';
