/**
 * Property tests for the kubectl / crictl output parsers (src/health/parse.ts; DOMAIN §5.1) and
 * the pull-error classifier (src/health/classify.ts; DOMAIN §5.2): whatever a container prints,
 * the only exception is OutputFormatError (garbage is reported as garbage, never as "no pods" and
 * never as a crash); outputs built from known pods and images parse back to exactly them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OutputFormatError, parseEventsJson, parseImagesJson, parseImagesTable, parsePodsJson, parsePodsTable } from '../src/health/parse.js';
import { classifyPullError } from '../src/health/classify.js';

const RUNS = Number(process.env.FC_RUNS ?? 400);
const PARSERS = { parsePodsJson, parsePodsTable, parseEventsJson, parseImagesJson, parseImagesTable };

/** Output a broken kubectl could print: noise, JSON of any shape, truncated JSON, tables with junk. */
const output = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.json({ maxDepth: 4 }),
  fc.json({ maxDepth: 4 }).chain((j) => fc.nat({ max: j.length }).map((n) => j.slice(0, n))),
  fc.record({ items: fc.anything({ maxDepth: 3 }), images: fc.anything({ maxDepth: 3 }) }).map((o) => JSON.stringify(o) ?? '{}'),
  fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }).map((c) => c.join('  ')), { maxLength: 5 }).map((rows) => ['NAMESPACE   NAME   READY   STATUS   RESTARTS   AGE', ...rows].join('\n')),
  fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }).map((c) => c.join('  ')), { maxLength: 5 }).map((rows) => ['IMAGE   TAG   IMAGE ID   SIZE', ...rows].join('\n')),
);

const dns = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$/);
const image = fc.tuple(fc.constantFrom('harbor.example.com/rancher', 'docker.io/rancher', '127.0.0.1:5000/rancher'), dns, fc.stringMatching(/^v?[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$/)).map(([r, n, t]) => ({ repo: `${r}/${n}`, tag: t }));
const pod = fc.record({
  namespace: dns,
  name: dns,
  phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
  containers: fc.array(fc.record({ name: dns, image, waiting: fc.option(fc.record({ reason: fc.constantFrom('ErrImagePull', 'ImagePullBackOff', 'ContainerCreating'), message: fc.string({ maxLength: 60 }) }), { nil: null }) }), { minLength: 1, maxLength: 3 }),
});

describe('kubectl / crictl parsers', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name}: only OutputFormatError escapes, and what it returns is plain data`, () => {
      fc.assert(
        fc.property(output, (text) => {
          try {
            const out = parse(text);
            expect(Array.isArray(out)).toBe(true);
            expect(JSON.parse(JSON.stringify(out))).toEqual(out);
          } catch (err) {
            if (!(err instanceof OutputFormatError)) throw err;
            expect(err.message).not.toContain('\n');
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('kubectl get pods -o json: known pods parse back to exactly their names, images and waiting reasons', () => {
    fc.assert(
      fc.property(fc.array(pod, { maxLength: 6 }), (pods) => {
        const doc = {
          apiVersion: 'v1',
          kind: 'List',
          items: pods.map((p) => ({
            metadata: { namespace: p.namespace, name: p.name },
            spec: { containers: p.containers.map((c) => ({ name: c.name, image: `${c.image.repo}:${c.image.tag}` })) },
            status: { phase: p.phase, containerStatuses: p.containers.map((c) => ({ name: c.name, ready: false, image: `${c.image.repo}:${c.image.tag}`, state: c.waiting ? { waiting: c.waiting } : { running: {} } })) },
          })),
        };
        const parsed = parsePodsJson(JSON.stringify(doc, null, 2));
        expect(parsed.map((p) => [p.namespace, p.name, p.phase])).toEqual(pods.map((p) => [p.namespace, p.name, p.phase]));
        expect(parsed.map((p) => p.containers.map((c) => [c.image, c.state, c.reason]))).toEqual(
          pods.map((p) => {
            // Statuses are keyed by container name, as kubectl's are: a repeated name keeps the last image.
            const last = new Map(p.containers.map((c) => [c.name, `${c.image.repo}:${c.image.tag}`]));
            return p.containers.map((c) => [last.get(c.name), c.waiting ? 'waiting' : 'running', c.waiting?.reason ?? null]);
          }),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('crictl images (JSON and table) give back every repo:tag', () => {
    fc.assert(
      fc.property(fc.array(fc.array(image, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), (groups) => {
        const json = { images: groups.map((g, i) => ({ id: `sha256:${String(i).padStart(64, 'a')}`, repoTags: g.map((x) => `${x.repo}:${x.tag}`), size: String(1000 + i) })) };
        const flat = groups.flat().map((x) => [x.repo, x.tag]);
        expect(parseImagesJson(JSON.stringify(json)).map((x) => [x.repo, x.tag])).toEqual(flat);
        const table = ['IMAGE                                      TAG                 IMAGE ID            SIZE', ...groups.flat().map((x, i) => `${x.repo}   ${x.tag}   ${String(i).padStart(13, 'b')}   ${i + 1}.5MB`)].join('\n');
        expect(parseImagesTable(table).map((x) => [x.repo, x.tag])).toEqual(flat);
      }),
      { numRuns: RUNS },
    );
  });

  it('kubectl get pods -A (table) gives back every namespace/name/status', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ ns: dns, name: dns, status: fc.constantFrom('Running', 'ImagePullBackOff', 'ErrImagePull', 'Completed', 'ContainerCreating', 'Init:ImagePullBackOff') }), { maxLength: 8 }), (rows) => {
        const text = ['NAMESPACE   NAME   READY   STATUS   RESTARTS   AGE', ...rows.map((r) => `${r.ns}   ${r.name}   0/1   ${r.status}   0   5m`)].join('\n');
        expect(parsePodsTable(text).map((p) => [p.namespace, p.name, p.status])).toEqual(rows.map((r) => [r.ns, r.name, r.status]));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('pull-error classifier', () => {
  it('never throws and always names a cause, for any message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.constantFrom('ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'garbage'), { nil: null }), (msg, reason) => {
        const c = classifyPullError(msg, reason);
        expect(typeof c.cause).toBe('string');
        expect(c.cause.length).toBeGreaterThan(0);
        expect(JSON.parse(JSON.stringify(c))).toEqual(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('classifies the same cause whatever prefix the kubelet version adds (DOMAIN §5.1 item 4)', () => {
    const causes = fc.constantFrom(
      'failed to do request: Head "https://h.example.com/v2/rancher/shell/manifests/v0.1.6": x509: certificate signed by unknown authority',
      'failed to do request: Head "https://h.example.com/v2/rancher/shell/manifests/v0.1.6": dial tcp: lookup h.example.com on 10.0.0.2:53: no such host',
      'h.example.com/rancher/shell:v0.1.6: not found',
      'failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized',
    );
    fc.assert(
      fc.property(causes, (cause) => {
        const ref = 'h.example.com/rancher/shell:v0.1.6';
        const inner = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${cause}`;
        const a = classifyPullError(inner, 'ErrImagePull').cause;
        const b = classifyPullError(`rpc error: code = Unknown desc = ${inner}`, 'ErrImagePull').cause;
        const c = classifyPullError(`Back-off pulling image "${ref}": ${inner}`, 'ImagePullBackOff').cause;
        expect([b, c]).toEqual([a, a]);
      }),
      { numRuns: 40 },
    );
  });
});
