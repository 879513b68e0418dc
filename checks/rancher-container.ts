import { defineCheck, ref } from '../src/types.js';
import { containerFact, DOCKER_STATE_MESSAGES, dockerStateRef, PROBE_ERROR_MESSAGES, probeErrorArg } from '../src/health/check-helpers.js';

/** The health stage needs the Docker Engine API and exactly one Rancher container (issue #4). */
export default defineCheck({
  id: 'rancher-container',
  title: 'The Rancher container is found and running',
  failTitle: 'The Rancher container cannot be examined',
  stage: 'health',
  requires: ['rancherContainer'],
  spec: ['§2.3', '§4.1'],
  messages: {
    running: 'Rancher container {name} ({id}) runs {image}, up since {startedAt}; restart policy {restart}.',
    noDocker: 'Cannot reach the Docker Engine at {host}: {error}. The health stage reads the Rancher container through the Docker Engine API.',
    'noDocker.fix': 'Run on the Docker host as a user that may use Docker (root, or a member of the docker group), or point DOCKER_HOST at the engine (unix:///path/docker.sock, tcp://host:2376 with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, ssh://user@host).',
    noDockerAll: 'Health stage skipped: the Docker Engine at {host} is not reachable ({error}).',
    notFound: 'No container named or with id "{requested}" exists on {host}.',
    'notFound.fix': 'Give the name or id shown by `docker ps -a` to --container. Rancher containers seen: {candidates}.',
    noneFound: 'No container of image rancher/rancher (or <registry>/rancher/rancher) exists on {host}.',
    'noneFound.fix': 'Start Rancher first (`airgap-preflight plan registries.yaml` prints the docker run command), or name its container with --container.',
    noneFoundAll: 'Health stage skipped: no Rancher container on {host}.',
    noneFoundIgnored: 'No container on {host} runs the Rancher server. {ignored} use a rancher/rancher image name but do not run the server (its image starts entrypoint.sh, which execs `tini -- rancher`, with CATTLE_SERVER_IMAGE set).',
    'noneFoundIgnored.fix': 'Start Rancher from the rancher/rancher image without overriding its entrypoint, or name its container with --container.',
    'notRancher.entrypoint': 'Container {name} ({image}) is not the Rancher server: it runs "{runs}", where the Rancher server image starts entrypoint.sh (which execs `tini -- rancher`). It is examined because --container names it; what the checks below say is about that container.',
    'notRancher.no-server-env': 'Container {name} ({image}) runs "{runs}" but has no CATTLE_SERVER_IMAGE, which every rancher/rancher server image sets: it is not the Rancher server. It is examined because --container names it; what the checks below say is about that container.',
    notRancher: 'Container {name} ({image}) is not the Rancher server.',
    'notRancher.fix': 'Name the Rancher server container with --container (in `docker ps` its COMMAND is "entrypoint.sh"). Rancher server containers seen: {candidates}.',
    'ignored.one': '{name} ({image}, runs "{runs}")',
    several: 'Several Rancher containers exist: {candidates}. Which one to examine is ambiguous.',
    'several.fix': 'Name one with --container NAME|ID.',
    notRunning: 'Rancher container {name} ({id}) is {status} (exit code {exitCode}, stopped at {finishedAt}); pods and images cannot be read. Rancher exits when K3s fails to start, e.g. on an unreadable registries.yaml.',
    'notRunning.fix': 'Read `docker logs {name}` for "k3s exited with", fix the cause (the checks below that only need docker inspect still ran), then `docker start {name}`.',
    // Phrases filled into the messages above.
    'candidates.none': 'none',
    ...DOCKER_STATE_MESSAGES,
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Start the Rancher container or name it with --container.',
  run(facts, ctx) {
    const f = containerFact(facts);
    const all = ctx.options.command === 'all';
    const host = f.docker.host;
    // Docker's own data (name, image, state as `docker ps -a` shows them), listed verbatim.
    const list = f.candidates.map((c) => `${c.name} (${c.image}, ${c.state})`).join('; ') || ref('candidates.none');
    const data = { dockerHost: host, candidates: f.candidates, problem: f.problem, errorKind: f.docker.errorKind };
    if (!f.docker.ok) {
      const error = probeErrorArg(f.docker.error);
      if (all) return [{ status: 'skip', messageId: 'noDockerAll', args: { host, error }, data }];
      return [{ status: 'fail', messageId: 'noDocker', args: { host, error }, target: host, data }];
    }
    if (f.problem === 'several') return [{ status: 'fail', messageId: 'several', args: { candidates: list }, data }];
    if (!f.container) {
      if (f.requested) return [{ status: 'fail', messageId: 'notFound', args: { requested: f.requested, host, candidates: list }, target: f.requested, data }];
      if (all) return [{ status: 'skip', messageId: 'noneFoundAll', args: { host }, data }];
      const ignored = (f.ignored ?? []).map((c) => ref('ignored.one', { name: c.name, image: c.image, runs: c.runs }));
      if (ignored.length > 0) return [{ status: 'fail', messageId: 'noneFoundIgnored', args: { host, ignored }, data: { ...data, ignored: f.ignored } }];
      return [{ status: 'fail', messageId: 'noneFound', args: { host }, data }];
    }
    const c = f.container;
    const args = { name: c.name, id: c.id.slice(0, 12), image: c.image, status: dockerStateRef(c.state.status), exitCode: c.state.exitCode, startedAt: c.state.startedAt ?? '?', finishedAt: c.state.finishedAt ?? '?', restart: c.restartPolicy };
    const cdata = { ...data, container: { id: c.id, name: c.name, image: c.image, state: c.state.status, imageVersion: c.imageVersion } };
    if (!c.state.running) return [{ status: 'fail', messageId: 'notRunning', args, target: c.name, data: cdata }];
    if (f.rejected) {
      const r = f.rejected;
      const which = r.why === 'entrypoint' ? 'notRancher.entrypoint' : 'notRancher.no-server-env';
      return [{ status: 'warn', messageId: which, fixId: 'notRancher.fix', args: { name: r.name, image: r.image, runs: r.runs, candidates: list }, target: r.name, data: { ...cdata, rejected: r } }];
    }
    return [{ status: 'pass', messageId: 'running', args, target: c.name, data: cdata }];
  },
});
