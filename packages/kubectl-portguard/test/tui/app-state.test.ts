// The app's transitions as a pure function: modes, filter editing, severity, scope, help.
import assert from 'node:assert/strict';
import {
  initialAppState,
  reduceApp,
  type AppAction,
  type AppState,
} from '../../src/tui/app/use-app-state.js';
import { pickerEntries, searchEntries } from '../../src/tui/namespace-picker/picker-entries.js';
import { remediationFileName } from '../../src/tui/remediation/remediation-types.js';
import { fixtureObjects } from './cluster-objects.js';
import { exposureView } from './contract-rules.js';

function run(actions: AppAction[], from: AppState = initialAppState()): AppState {
  return actions.reduce(reduceApp, from);
}

describe('tui: app state', () => {
  const cases: Array<{ name: string; actions: AppAction[]; want: Partial<AppState> }> = [
    {
      name: 'starts in the list, listing',
      actions: [],
      want: { mode: 'list', status: { state: 'listing', listed: 0 } },
    },
    {
      name: 'Enter opens details, Esc goes back',
      actions: [{ type: 'openDetails', key: 'k' }, { type: 'back' }],
      want: { mode: 'list', detailsKey: 'k' },
    },
    {
      name: 'typing a filter applies it live, Enter keeps it',
      actions: [
        { type: 'startFilter' },
        { type: 'editFilter', text: 'we' },
        { type: 'editFilter', text: 'web' },
        { type: 'commitFilter' },
      ],
      want: { mode: 'list', filter: { text: 'web', minSeverity: 'info' } },
    },
    {
      name: 'Esc while typing restores the previous filter',
      actions: [
        { type: 'startFilter' },
        { type: 'editFilter', text: 'web' },
        { type: 'commitFilter' },
        { type: 'startFilter' },
        { type: 'editFilter', text: 'api' },
        { type: 'cancelFilter' },
      ],
      want: { mode: 'list', filter: { text: 'web', minSeverity: 'info' } },
    },
    {
      name: 'Esc in the list clears a text filter',
      actions: [
        { type: 'startFilter' },
        { type: 'editFilter', text: 'web' },
        { type: 'commitFilter' },
        { type: 'back' },
      ],
      want: { mode: 'list', filter: { text: '', minSeverity: 'info' } },
    },
    {
      name: 's twice shows medium and above and says so',
      actions: [{ type: 'cycleSeverity' }, { type: 'cycleSeverity' }],
      want: {
        filter: { text: '', minSeverity: 'medium' },
        message: { text: 'showing severity medium and above', tone: 'info' },
      },
    },
    {
      name: 'n then a pick sets the scope; picking "all" removes it',
      actions: [{ type: 'openPicker' }, { type: 'pick', scope: { kind: 'tenant', name: 'acme' } }],
      want: {
        mode: 'list',
        filter: { text: '', minSeverity: 'info', scope: { kind: 'tenant', name: 'acme' } },
      },
    },
    {
      name: 'picking all clears the scope',
      actions: [
        { type: 'openPicker' },
        { type: 'pick', scope: { kind: 'tenant', name: 'acme' } },
        { type: 'openPicker' },
        { type: 'pick' },
      ],
      want: { mode: 'list', filter: { text: '', minSeverity: 'info' } },
    },
    {
      name: '? from details returns to details',
      actions: [{ type: 'openDetails', key: 'k' }, { type: 'toggleHelp' }, { type: 'toggleHelp' }],
      want: { mode: 'details' },
    },
    {
      name: '? from the list returns to the list',
      actions: [{ type: 'toggleHelp' }, { type: 'toggleHelp' }],
      want: { mode: 'list' },
    },
    {
      name: 'status carries the context and server when the source learns them',
      actions: [
        {
          type: 'status',
          status: { state: 'live' },
          context: 'kind-dev',
          server: 'https://127.0.0.1:6443',
        },
        {
          type: 'status',
          status: { state: 'disconnected', reason: 'connection reset', retryInMs: 1000 },
        },
      ],
      want: {
        status: { state: 'disconnected', reason: 'connection reset', retryInMs: 1000 },
        context: 'kind-dev',
        server: 'https://127.0.0.1:6443',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = run(c.actions);
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual(s[k as keyof AppState], v, k);
    });
  }
});

describe('tui: namespace picker entries', () => {
  const view = exposureView(fixtureObjects('multi-tenant.yaml'));
  const entries = pickerEntries(view.findings, view.objects, view.tenantOf);

  it('lists all, tenants, then namespaces, with finding counts', () => {
    assert.deepEqual(
      entries.map((e) => `${e.label} ${e.count}`),
      [
        'all namespaces 7',
        'tenant acme 4',
        'tenant beta 3',
        'namespace team-a 2',
        'namespace team-b 3',
        'namespace team-c 2',
      ],
    );
  });

  it('searches by every word', () => {
    assert.deepEqual(
      searchEntries(entries, 'team b').map((e) => e.key),
      ['ns:team-b'],
    );
    assert.deepEqual(
      searchEntries(entries, 'ACME').map((e) => e.key),
      ['tenant:acme'],
    );
    assert.equal(searchEntries(entries, '').length, entries.length);
  });
});

describe('tui: remediation file names', () => {
  const cases: Array<[{ kind: string; namespace?: string; name: string }, string]> = [
    [
      { kind: 'Deployment', namespace: 'team-a', name: 'web' },
      'portguard-fix-deployment-team-a-web.yaml',
    ],
    [{ kind: 'Service', name: 'x' }, 'portguard-fix-service-x.yaml'],
    [{ kind: 'Pod', namespace: 'ns', name: 'gen-*' }, 'portguard-fix-pod-ns-gen--.yaml'],
    [
      { kind: 'Pod', namespace: 'ns', name: '../../etc/passwd' },
      'portguard-fix-pod-ns-..-..-etc-passwd.yaml',
    ],
  ];
  for (const [ref, want] of cases) it(want, () => assert.equal(remediationFileName(ref), want));
});
