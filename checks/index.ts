import type { CheckDef } from '../src/types.js';

// lint (issue #2). Keep one import per line; order here is report order within the stage.
import yamlTabs from './yaml-tabs.js';
import yamlSyntax from './yaml-syntax.js';
import yamlLostIndentation from './yaml-lost-indentation.js';
import yamlDuplicateKey from './yaml-duplicate-key.js';
import registriesTypes from './registries-types.js';
import registriesSchema from './registries-schema.js';
import mirrorKeyFormat from './mirror-key-format.js';
import configKeyFormat from './config-key-format.js';
import configKeyMatchesEndpoint from './config-key-matches-endpoint.js';
import systemDefaultRegistryFormat from './system-default-registry-format.js';
import mirrorMatchesSystemDefaultRegistry from './mirror-matches-system-default-registry.js';
import endpointScheme from './endpoint-scheme.js';
import endpointPath from './endpoint-path.js';
import endpointDuplicate from './endpoint-duplicate.js';
import endpointDefaultListed from './endpoint-default-listed.js';
import endpointHttpWithTls from './endpoint-http-with-tls.js';
import authYamlQuoting from './auth-yaml-quoting.js';
import authFormat from './auth-format.js';
import authRobotName from './auth-robot-name.js';
import authPlainHttp from './auth-plain-http.js';
import tlsFiles from './tls-files.js';
import tlsPathsInContainer from './tls-paths-in-container.js';
import rewriteVersion from './rewrite-version.js';
import rancherVersion from './rancher-version.js';
import rewritePattern from './rewrite-pattern.js';
import insecureSkipVerifyVersion from './insecure-skip-verify-version.js';
import configWildcardTls from './config-wildcard-tls.js';
import configWildcardAuth from './config-wildcard-auth.js';
import filePermissions from './file-permissions.js';
import ipv6LiteralKey from './ipv6-literal-key.js';
// registry (issue #3)
import imageSet from './image-set.js';
import registryTls from './registry-tls.js';
import registryAuth from './registry-auth.js';
import imageAvailable from './image-available.js';
import containerdConfig from './containerd-config.js';
// health (issue #4)
import rancherContainer from './rancher-container.js';
import rancherPrivileged from './rancher-privileged.js';
import rancherSystemDefaultRegistry from './rancher-system-default-registry.js';
import registriesMount from './registries-mount.js';
import registriesInSync from './registries-in-sync.js';
import tlsFilesInContainer from './tls-files-in-container.js';
import varLibRancherMount from './var-lib-rancher-mount.js';
import registryDnsInContainer from './registry-dns-in-container.js';
import clusterReady from './cluster-ready.js';
import podImagePull from './pod-image-pull.js';
import imageSource from './image-source.js';
// plan (issue #4)
import planDockerRun from './plan-docker-run.js';
import explainPullError from './explain-pull-error.js';
// cluster (issue #14)
import clusterApi from './cluster-api.js';
import clusterImagePull from './cluster-image-pull.js';
import clusterPullByNode from './cluster-pull-by-node.js';
import clusterNodeRun from './cluster-node-run.js';
import clusterNodeRegistry from './cluster-node-registry.js';
import clusterImageSource from './cluster-image-source.js';

export const ALL_CHECKS: CheckDef[] = [
  // lint
  yamlTabs,
  yamlSyntax,
  yamlLostIndentation,
  yamlDuplicateKey,
  registriesTypes,
  registriesSchema,
  mirrorKeyFormat,
  configKeyFormat,
  configKeyMatchesEndpoint,
  systemDefaultRegistryFormat,
  mirrorMatchesSystemDefaultRegistry,
  endpointScheme,
  endpointPath,
  endpointDuplicate,
  endpointDefaultListed,
  endpointHttpWithTls,
  authYamlQuoting,
  authFormat,
  authRobotName,
  authPlainHttp,
  tlsFiles,
  tlsPathsInContainer,
  rewriteVersion,
  rewritePattern,
  insecureSkipVerifyVersion,
  configWildcardTls,
  configWildcardAuth,
  filePermissions,
  rancherVersion,
  ipv6LiteralKey,
  // registry
  imageSet,
  containerdConfig,
  registryTls,
  registryAuth,
  imageAvailable,
  // health
  rancherContainer,
  rancherPrivileged,
  rancherSystemDefaultRegistry,
  registriesMount,
  registriesInSync,
  tlsFilesInContainer,
  varLibRancherMount,
  registryDnsInContainer,
  clusterReady,
  podImagePull,
  imageSource,
  // plan
  planDockerRun,
  // explain
  explainPullError,
  // cluster
  clusterApi,
  clusterImagePull,
  clusterPullByNode,
  clusterImageSource,
  // cluster --nodes
  clusterNodeRun,
  clusterNodeRegistry,
];
