// The TUI: header, the findings list or the details/help/picker in the body, footer; wired to a live source.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { useEffect, useMemo, useRef } from 'react';
import { Box, useApp } from 'ink';
import type { Finding, TenantResolver } from '@portguard/core';
import {
  DetailsPane,
  detailLines,
  reduceScroll,
  visibleOffset,
  type DetailLine,
  type ScrollAction,
} from '../details-pane/index.js';
import { FilterInput } from '../filter-input/index.js';
import {
  FindingsList,
  initialHeldList,
  layoutOf,
  reduceHeldList,
  syncHeldList,
  type ListLayout,
} from '../findings-list/index.js';
import type { FindingsSource } from '../findings-source.js';
import { Footer, FOOTER_HEIGHT, KEYS } from '../footer/index.js';
import { Header, HEADER_HEIGHT } from '../header/index.js';
import { HelpOverlay } from '../help-overlay/index.js';
import { findingKey } from '../model/finding-key.js';
import { buildRows, type RowModel } from '../model/finding-rows.js';
import { describeFilter, type ViewFilter } from '../model/view-filter.js';
import {
  INITIAL_PICKER_STATE,
  NamespacePicker,
  PICKER_CHROME,
  pickerEntries,
  reducePicker,
  searchEntries,
  type PickerEntry,
} from '../namespace-picker/index.js';
import { remediationFor } from '../remediation/remediation.js';
import { indexCluster, refKey } from '../risk/cluster-index.js';
import { whyRisky } from '../risk/why-risky.js';
import { useTerminalSize } from '../terminal/use-terminal-size.js';
import { useAppInput } from './use-app-input.js';
import { initialAppState, reduceApp } from './use-app-state.js';
import { useStore } from './use-store.js';
import { writeRemediation } from './write-remediation.js';

export interface AppProps {
  /** Where views and statuses come from: a watched cluster, or a fixed set of objects. */
  readonly source: FindingsSource;
  /** Folder `w` writes remediation files into (the working directory). */
  readonly cwd: string;
  /** Who created an object (`--audit-log`): the details pane's "created by … at …" line. */
  readonly createdBy?: (finding: Finding) => string | undefined;
}

/** One blank row under the footer keeps Ink from clearing the whole screen on every frame. */
const SPARE_ROWS = 1;

/** Remembers the last result of `build` for the same inputs (compared by identity). */
function useLast<I extends unknown[], O>(build: (...inputs: I) => O): (...inputs: I) => O {
  const last = useRef<{ inputs: I; output: O } | undefined>(undefined);
  return (...inputs: I) => {
    const l = last.current;
    if (l && l.inputs.length === inputs.length && l.inputs.every((x, i) => x === inputs[i]))
      return l.output;
    const output = build(...inputs);
    last.current = { inputs, output };
    return output;
  };
}

export function App({ source, cwd, createdBy }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const bodyHeight = Math.max(1, rows - HEADER_HEIGHT - FOOTER_HEIGHT - SPARE_ROWS);
  const height = useRef(bodyHeight);
  height.current = bodyHeight;

  const [app, dispatchApp] = useStore(reduceApp, () => initialAppState(source.info));
  useEffect(
    () =>
      source.start({
        onView: (view) => dispatchApp({ type: 'view', view }),
        onStatus: (status, target) => dispatchApp({ type: 'status', status, ...target }),
      }),
    [source, dispatchApp],
  );

  // Rows are rebuilt only when the findings or the filter change, never on a cursor key.
  const rowsOf = useLast(
    (findings: readonly Finding[], filter: ViewFilter, tenantOf?: TenantResolver): RowModel =>
      buildRows(findings, filter, tenantOf),
  );
  const layoutFor = useLast((model: RowModel, h: number): ListLayout => layoutOf(model, h));
  const currentLayout = () =>
    layoutFor(
      rowsOf(app.current.view?.findings ?? [], app.current.filter, app.current.view?.tenantOf),
      height.current,
    );
  const [list, dispatchList] = useStore(reduceHeldList, () => initialHeldList(currentLayout()));
  const synced = () => (list.current = syncHeldList(list.current, currentLayout()));

  const detailLinesCount = useRef(0);
  const [scroll, dispatchScroll] = useStore(
    (offset: number, a: ScrollAction) =>
      reduceScroll(offset, a, detailLinesCount.current, height.current),
    () => 0,
  );

  const entriesOf = useLast((view: typeof app.current.view): PickerEntry[] =>
    view ? pickerEntries(view.findings, view.objects, view.tenantOf) : [],
  );
  const matchesOf = useLast((entries: PickerEntry[], query: string) =>
    searchEntries(entries, query),
  );
  const currentMatches = (query: string) => matchesOf(entriesOf(app.current.view), query);
  const [picker, dispatchPicker] = useStore(
    (s: typeof INITIAL_PICKER_STATE, a: Parameters<typeof reducePicker>[1]) =>
      reducePicker(s, a, currentMatches, height.current - PICKER_CHROME),
    () => INITIAL_PICKER_STATE,
  );

  const findingByKey = useLast((view: typeof app.current.view) => {
    const byKey = new Map<string, Finding>();
    const byObject = new Map<string, Finding[]>();
    for (const f of view?.findings ?? []) {
      byKey.set(findingKey(f), f);
      const k = refKey(f.object);
      const same = byObject.get(k);
      if (same) same.push(f);
      else byObject.set(k, [f]);
    }
    return { byKey, byObject };
  });
  const selectedKey = () => {
    const s = synced();
    const k = s.list.selectedKey;
    return k !== undefined && s.layout.indexOfKey?.(k) !== undefined ? k : undefined;
  };

  useAppInput({
    mode: () => app.current.mode,
    filterText: () => app.current.filter.text,
    pickerQuery: () => picker.current.query,
    clusters: () => source.info.clusters ?? [],
    app: dispatchApp,
    list: (a) => {
      synced();
      dispatchList(a);
    },
    details: dispatchScroll,
    picker: dispatchPicker,
    openPicker: () => {
      dispatchPicker({ type: 'query', query: '' });
      dispatchApp({ type: 'openPicker' });
    },
    pick: () => {
      const chosen = currentMatches(picker.current.query)[picker.current.list.cursor];
      if (chosen) dispatchApp({ type: 'pick', scope: chosen.scope });
    },
    openDetails: () => {
      const key = selectedKey();
      if (!key) return;
      dispatchScroll({ type: 'first' });
      dispatchApp({ type: 'openDetails', key });
    },
    write: () => {
      const s = app.current;
      const key = s.mode === 'details' ? s.detailsKey : selectedKey();
      const finding = key ? findingByKey(s.view).byKey.get(key) : undefined;
      if (!finding || !s.view) {
        dispatchApp({
          type: 'message',
          message: { text: 'nothing selected to write', tone: 'error' },
        });
        return;
      }
      void writeRemediation(remediationFor(finding, s.view), cwd).then((message) =>
        dispatchApp({ type: 'message', message }),
      );
    },
    quit: () => exit(),
  });

  const state = app.current;
  const view = state.view;
  const model = rowsOf(view?.findings ?? [], state.filter, view?.tenantOf);
  const held = synced();
  const index = useMemo(() => indexCluster(view?.objects ?? []), [view]);
  const showingDetails =
    state.mode === 'details' || (state.mode === 'help' && state.helpReturn === 'details');
  const detailsFinding = showingDetails
    ? findingByKey(view).byKey.get(state.detailsKey ?? '')
    : undefined;
  const remediation = useMemo(
    () => (detailsFinding && view ? remediationFor(detailsFinding, view) : undefined),
    [detailsFinding, view],
  );
  const lines: DetailLine[] = useMemo(() => {
    if (!detailsFinding || !view || !remediation) {
      return [
        {
          text: 'This finding is gone: its object was changed or deleted. Esc goes back.',
          tone: 'dim',
        },
      ];
    }
    const risk = whyRisky({
      finding: detailsFinding,
      index,
      tenantOf: view.tenantOf,
      sameObject: findingByKey(view).byObject.get(refKey(detailsFinding.object)) ?? [],
    });
    return detailLines({
      finding: detailsFinding,
      risk,
      remediation,
      width: columns,
      createdBy: createdBy?.(detailsFinding),
    });
    // findingByKey needs no dependency of its own: it is a cache keyed by view.
  }, [detailsFinding, view, remediation, index, columns, createdBy]);
  detailLinesCount.current = lines.length;

  const total = view?.summary.findings ?? 0;
  const emptyText = !view
    ? 'Listing the cluster…'
    : total === 0
      ? 'No exposures found: no hostPort, hostNetwork, NodePort or externalIPs findings.'
      : `No findings match the filter (${describeFilter(state.filter)}). Esc clears the text; s and n change the rest.`;
  const scope = state.filter.scope;
  const currentKey = scope ? `${scope.kind === 'tenant' ? 'tenant' : 'ns'}:${scope.name}` : 'all';
  const pickerMatches = state.mode === 'picker' ? currentMatches(picker.current.query) : [];
  const pickerCursor = Math.min(picker.current.list.cursor, Math.max(0, pickerMatches.length - 1));

  return (
    <Box flexDirection="column" width={columns}>
      <Header
        context={state.context}
        server={state.server}
        scope={source.info.scope}
        summary={view?.summary}
        shown={model.shown}
        filter={describeFilter(state.filter)}
        status={state.status}
        width={columns}
      />
      {state.mode === 'help' ? (
        <HelpOverlay height={bodyHeight} width={columns} />
      ) : state.mode === 'details' ? (
        <DetailsPane
          lines={lines}
          offset={visibleOffset(scroll.current, lines.length, bodyHeight)}
          height={bodyHeight}
        />
      ) : state.mode === 'picker' ? (
        <NamespacePicker
          query={picker.current.query}
          matches={pickerMatches}
          cursor={pickerCursor}
          offset={Math.min(picker.current.list.offset, pickerCursor)}
          height={bodyHeight}
          width={columns}
          currentKey={currentKey}
        />
      ) : (
        <FindingsList
          rows={model.rows}
          cursor={held.list.cursor}
          offset={held.list.offset}
          height={bodyHeight}
          width={columns}
          emptyText={emptyText}
        />
      )}
      <Footer
        keys={state.mode === 'list' && source.info.clusters?.length ? KEYS.fleet : KEYS[state.mode]}
        message={state.message}
        width={columns}
      >
        {state.mode === 'filter' ? (
          <FilterInput value={state.filter.text} width={columns} />
        ) : undefined}
      </Footer>
    </Box>
  );
}
