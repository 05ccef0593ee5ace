// docs-location: the installed docs found from where the server runs, and the prose a hover takes from a page.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsDir, firstParagraphUnder, ruleDocUri } from '../src/service/docs-location.js';

const repoDocs = join(dirname(fileURLToPath(import.meta.url)), '../../../docs');

describe('docs location', () => {
  it('from the sources, finds the repository docs; every rule links to its page there', () => {
    assert.equal(docsDir(), repoDocs);
    assert.equal(
      fileURLToPath(ruleDocUri('nodeport-service')!),
      join(repoDocs, 'rules/nodeport-service.md'),
    );
  });

  const PAGE = [
    '# rule',
    '## How to fix',
    '',
    'Remove it and use a Service:',
    '',
    '- inside: ClusterIP;',
    '- outside: a LoadBalancer.',
    '',
    '```sh',
    'kubectl portguard fix -f web.yaml',
    '```',
    '',
    'It is a suggestion.',
    '## How to suppress',
    'Annotate.',
  ].join('\n');

  const CASES: Array<{ name: string; headings: string[]; text: string; want: string | undefined }> =
    [
      {
        name: 'paragraphs and lists under the heading, up to the first example',
        headings: ['How to fix'],
        text: PAGE,
        want: 'Remove it and use a Service:\n\n- inside: ClusterIP;\n- outside: a LoadBalancer.',
      },
      {
        name: 'a leading example skipped; a paragraph introducing the next one dropped',
        headings: ['Fix'],
        text: '## Fix\n\n```sh\nkubectl label ns a x=y\n```\n\nLabel each namespace.\n\nOr run:\n\n```sh\nmore\n```\n',
        want: 'Label each namespace.',
      },
      {
        name: 'the first heading of the list that is there',
        headings: ['Fix', 'How to suppress'],
        text: PAGE,
        want: 'Annotate.',
      },
      { name: 'no such heading', headings: ['Fix'], text: PAGE, want: undefined },
      {
        name: 'CRLF line ends',
        headings: ['How to fix'],
        text: '## How to fix\r\n\r\nDrop it.\r\n',
        want: 'Drop it.',
      },
      {
        name: 'whole paragraphs only, about 600 characters',
        headings: ['How to fix'],
        text: `## How to fix\n\n${'a'.repeat(500)}\n\n${'b'.repeat(200)}\n`,
        want: 'a'.repeat(500),
      },
    ];
  for (const c of CASES)
    it(`firstParagraphUnder: ${c.name}`, () => {
      assert.equal(firstParagraphUnder(c.text, c.headings), c.want);
    });
});
