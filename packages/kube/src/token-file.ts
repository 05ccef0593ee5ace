// A bearer token read from a file (kubeconfig `tokenFile`, a pod's ServiceAccount token) and re-read as it rotates.
import { readFileSync } from 'node:fs';

/** client-go re-reads a token file once a minute (cachingTokenSource); a 401 re-reads it at once. */
const REREAD_MS = 60_000;

/** The token of one file, trimmed as client-go trims it. */
export class TokenFile {
  private token?: string;
  private readAt = 0;

  constructor(readonly path: string) {}

  /** The token, read again when a minute has passed or after `invalidate`. */
  get(): string {
    if (this.token === undefined || Date.now() - this.readAt > REREAD_MS) {
      try {
        this.token = readFileSync(this.path, 'utf8').trim();
      } catch (e) {
        throw new Error(
          `token file ${this.path}: cannot read it (${(e as NodeJS.ErrnoException).code})`,
        );
      }
      this.readAt = Date.now();
    }
    return this.token;
  }

  /** The server refused the token: read the file again on the next request (the kubelet may have rotated it). */
  invalidate(): void {
    this.token = undefined;
  }
}
