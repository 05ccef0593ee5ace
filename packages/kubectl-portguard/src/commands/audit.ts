// `kubectl portguard audit -f AUDIT.log…`: who opened which port, from Kubernetes API server audit logs.
import { resolve } from 'node:path';
import { atLeast, type Severity } from '@portguard/core';
import {
  AuditFileError,
  auditLogs,
  auditTable,
  parseDuration,
  type AuditReport,
  type AuditSource,
} from '../audit/index.js';
import { describeFsError, STDIN_NAME } from '../input/collect-files.js';
import { loadScanConfig } from '../input/load-scan-config.js';
import { EXIT, UserError, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { FAIL_ON } from './scan.js';

export const auditOptions = {
  filename: {
    alias: 'f',
    type: 'string',
    array: true,
    demandOption: 'name the audit log files with -f',
    describe:
      'Audit log file (audit.k8s.io/v1 Event lines, plain or gzip), - for stdin; repeatable, oldest first',
  },
  since: {
    type: 'string',
    requiresArg: true,
    describe: 'Only requests received within this long before now (24h, 90m, 7d)',
  },
  output: {
    alias: 'o',
    requiresArg: true,
    choices: ['table', 'json'] as const,
    default: 'table' as 'table' | 'json',
    describe: 'Output format',
  },
  'fail-on': {
    requiresArg: true,
    choices: FAIL_ON,
    default: 'medium' as (typeof FAIL_ON)[number],
    describe:
      'Exit 1 when an admitted request certainly introduced a finding at or above this severity',
  },
  config: {
    type: 'string',
    requiresArg: true,
    describe: 'Config file (default: the nearest .portguard.yaml)',
  },
} as const;

const STDIN_IS_TERMINAL =
  '-f - reads an audit log from stdin, but stdin is a terminal: pipe one in (zcat audit.log.1.gz | kubectl portguard audit -f -) or name the file';

/**
 * What `-f` names, in its order: `-` is stdin (once; refused on a terminal, where reading would
 * wait for typing), a path given twice is read once. Fails before anything is read.
 */
export function auditSources(
  names: readonly string[],
  io: Pick<MainIO, 'cwd' | 'stdin'>,
): { sources: AuditSource[]; shown: Map<string, string> } {
  if (names.filter((f) => f === '-').length > 1)
    throw new UserError('stdin (-) can be given only once');
  if (names.includes('-') && io.stdin.isTTY === true) throw new UserError(STDIN_IS_TERMINAL);
  const shown = new Map<string, string>();
  const sources: AuditSource[] = [];
  for (const name of names) {
    if (name === '-') {
      sources.push({ name: STDIN_NAME, stream: io.stdin });
      continue;
    }
    const path = resolve(io.cwd, name);
    if (shown.has(path)) continue;
    shown.set(path, name);
    sources.push(path);
  }
  return { sources, shown };
}

/** The report's JSON, as the contract shows it (without where each event was read). */
export function auditJson(report: AuditReport): string {
  const events = report.events.map(({ file: _f, line: _l, ...e }) => e);
  return `${JSON.stringify({ ...report, events }, null, 2)}\n`;
}

/**
 * Exit 1 when an admitted request certainly introduced a finding at or above `failOn`: a refused
 * request opened nothing, and a possible one is for a person to look at (listed, not failed on).
 */
export function auditExitCode(report: AuditReport, failOn: Severity | 'none'): number {
  if (failOn === 'none') return EXIT.OK;
  const hit = report.events.some(
    (e) => e.admitted && e.certainty === 'certain' && atLeast(e.severity, failOn),
  );
  return hit ? EXIT.FINDINGS : EXIT.OK;
}

export const auditCommand: CommandFactory = (io, done) => (y) =>
  y.command(
    'audit',
    'Report who created, updated or patched objects with exposures, from API server audit logs',
    (b) => b.options(auditOptions),
    async (argv) => {
      let since: Date | undefined;
      if (argv.since !== undefined) {
        const ms = parseDuration(argv.since);
        if (ms === undefined)
          throw new UserError(
            `--since: "${argv.since}" is not a duration (such as 24h, 90m or 7d)`,
          );
        since = new Date(Date.now() - ms);
      }
      const { sources, shown } = auditSources(argv.filename, io);
      let report: AuditReport;
      try {
        report = await auditLogs(sources, {
          config: loadScanConfig(io.cwd, argv.config),
          since,
          displayName: (p) => shown.get(p) ?? p,
        });
      } catch (e) {
        if (e instanceof AuditFileError)
          throw new UserError(`${e.file}: ${describeFsError(e.cause)}`);
        throw e;
      }
      io.stdout.write(argv.output === 'json' ? auditJson(report) : auditTable(report));
      done(auditExitCode(report, argv['fail-on']));
    },
  );
