// The webhook's HTTPS server: bounds, decoding errors and methods, each answered with the right status; never 500.
import assert from 'node:assert/strict';
import https from 'node:https';
import { defaultConfig } from '@portguard/core';
import { generateTls } from '@portguard/apiserver';
import { review } from '../src/webhook/review.js';
import { reviewContext } from '../src/webhook/review-context.js';
import {
  MAX_BODY_BYTES,
  startWebhookServer,
  type WebhookServer,
} from '../src/webhook/webhook-server.js';
import { admissionReview, clusterObjects, pod } from './review-fixtures.js';

const tls = generateTls();

/** One request over TLS, verified against the test CA; `chunked` sends no Content-Length. */
function post(
  url: string,
  body: string | Buffer,
  options: { method?: string; chunked?: boolean } = {},
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method ?? 'POST',
        ca: tls.ca.cert,
        headers: {
          'Content-Type': 'application/json',
          ...(options.chunked ? {} : { 'Content-Length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    if (options.chunked) {
      // write in pieces so the server sees the size only as it reads
      const buf = Buffer.from(body);
      for (let i = 0; i < buf.length; i += 1 << 20) req.write(buf.subarray(i, i + (1 << 20)));
      req.end();
    } else req.end(body);
  });
}

describe('webhook server', () => {
  let server: WebhookServer;
  const context = reviewContext(clusterObjects());
  before(async () => {
    server = await startWebhookServer({ host: '127.0.0.1', port: 0 }, tls.server, {
      '/validate': (body) =>
        review(body, context, { mode: 'deny', failOn: 'medium', config: defaultConfig() }).review,
      '/boom': () => {
        throw new Error('a bug');
      },
    });
  });
  after(() => server.close());

  const cases: {
    name: string;
    path?: string;
    body: () => string | Buffer;
    method?: string;
    chunked?: boolean;
    status: number;
    check?: (json: any) => void;
  }[] = [
    {
      name: 'a review is answered 200, echoing the uid',
      body: () =>
        JSON.stringify(
          admissionReview(
            pod('blog', 'web', [{ containerPort: 80, hostPort: 9000 }]),
            'CREATE',
            'abc-123',
          ),
        ),
      status: 200,
      check: (j) => {
        assert.equal(j.response.uid, 'abc-123');
        assert.equal(j.response.allowed, false);
      },
    },
    {
      name: 'a body that is not JSON is 400',
      body: () => '{"request": ',
      status: 400,
      check: (j) => assert.match(j.message, /^the body is not JSON/),
    },
    {
      name: 'JSON without request.uid is 400',
      body: () => JSON.stringify({ kind: 'AdmissionReview' }),
      status: 400,
      check: (j) => assert.equal(j.message, 'not an AdmissionReview with request.uid'),
    },
    {
      name: 'a review without an object is admitted with a warning, uid echoed',
      body: () => JSON.stringify(admissionReview(undefined, 'CREATE', 'no-object')),
      status: 200,
      check: (j) => {
        assert.equal(j.response.uid, 'no-object');
        assert.equal(j.response.allowed, true);
        assert.deepEqual(j.response.warnings, [
          'portguard could not review this request: request.object is missing',
        ]);
      },
    },
    {
      name: 'a declared body over 3 MiB is 413',
      body: () => Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
      status: 413,
    },
    {
      name: 'a chunked body over 3 MiB is 413 as it is read',
      body: () => Buffer.alloc(MAX_BODY_BYTES + 10, 0x20),
      chunked: true,
      status: 413,
    },
    {
      name: 'a review just under 3 MiB is answered',
      body: () => {
        const r = admissionReview(pod('blog', 'big'), 'CREATE', 'big');
        r.request.object.metadata.annotations = { pad: 'x'.repeat(MAX_BODY_BYTES - 2000) };
        return JSON.stringify(r);
      },
      status: 200,
      check: (j) => assert.equal(j.response.uid, 'big'),
    },
    { name: 'GET is 405', body: () => '', method: 'GET', status: 405 },
    { name: 'another path is 404', path: '/mutate', body: () => '{}', status: 404 },
    { name: "a handler's bug is 400, never 500", path: '/boom', body: () => '{}', status: 400 },
  ];
  for (const c of cases)
    it(c.name, async () => {
      const res = await post(`${server.url}${c.path ?? '/validate'}`, c.body(), {
        method: c.method,
        chunked: c.chunked,
      });
      assert.equal(res.status, c.status, JSON.stringify(res.json));
      c.check?.(res.json);
    });

  it('refuses clients that do not trust its certificate (it is TLS)', async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = https.request(`${server.url}/validate`, { method: 'POST' }, resolve);
        req.on('error', reject);
        req.end('{}');
      }),
      /self-signed|unable to verify|certificate/i,
    );
  });
});
