import { defineCheck } from '../src/types.js';
import { needsContainer, theContainer } from '../src/health/check-helpers.js';

/** Rancher ≥ v2.5 runs K3s inside its container and must be started with --privileged (Rancher docs, single-node install). */
export default defineCheck({
  id: 'rancher-privileged',
  title: 'The Rancher container runs privileged',
  failTitle: 'The Rancher container is not privileged',
  stage: 'health',
  requires: ['rancherContainer'],
  spec: ['§4.1'],
  appliesTo: needsContainer,
  messages: {
    privileged: 'Container {name} runs with --privileged, as the embedded K3s needs.',
    notPrivileged: 'Container {name} was started without --privileged. Since v2.5 Rancher runs K3s (containerd, kubelet) inside its container, which needs privileged mode; without it K3s cannot start and no image is ever pulled.',
    'notPrivileged.fix': 'Re-create the container with `docker run -d --privileged …` (airgap-preflight plan prints the full command); a running container cannot be switched to privileged.',
  },
  remediation: 'Re-create the Rancher container with --privileged.',
  run(facts) {
    const c = theContainer(facts)!;
    return [{ status: c.privileged ? 'pass' : 'fail', messageId: c.privileged ? 'privileged' : 'notPrivileged', args: { name: c.name }, target: c.name, data: { privileged: c.privileged } }];
  },
});
