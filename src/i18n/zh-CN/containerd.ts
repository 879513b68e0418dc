import type { CheckTexts } from '../index.js';

/** 简体中文: containerd-config（registry 阶段）。键与 checks/containerd-config.ts 的 messages 一致。 */
export const CONTAINERD: Record<string, CheckTexts> = {
  'containerd-config': {
    title: 'containerd 能读取 K3s 生成的配置',
    failTitle: 'containerd 无法读取 K3s 生成的配置',
    remediation: '对于 containerd 1.5-1.7，registries.yaml 的键和端点请使用 DNS 名称，不要使用 IPv6 字面量。',
    messages: {
      nothing: '未运行：没有探测任何镜像（见 image-set）',
      modeUnknown: '未判断：此 RKE2 版本的 K3s 镜像仓库渲染模式未知（见 image-set），因此 containerd 读取的文件也未知',
      unparsable: 'containerd {containerd}（模式 {mode}）无法解析 K3s 根据此 registries.yaml 写出的 config.toml（{error}）：containerd 不会启动，任何镜像都无法拉取。',
      'unparsable.fix': '把 mirrors/configs 键和端点中的 IPv6 字面量换成该镜像仓库的 DNS 名称（例如在 docker run 上加 --add-host 名称:<地址>），并在 CATTLE_SYSTEM_DEFAULT_REGISTRY 中使用该名称。containerd 1.4（Rancher 2.5）和 2.x 能解析 IPv6 键，1.5-1.7 不能。',
      undecodable: 'containerd {containerd} 无法解码 certs.d/{dir}/hosts.toml（{error}）：它会忽略该文件，只从默认端点拉取 {registry}，不使用该文件中的镜像端点和 TLS 设置。',
      'undecodable.fix': '把该镜像仓库端点中的 IPv6 字面量换成 DNS 名称（例如在 docker run 上加 --add-host 名称:<地址>）。containerd 2.x 能解析，1.5-1.7 不能。',
    },
  },
  'ipv6-literal-key': {
    title: 'registries.yaml 中的 IPv6 字面量可被 containerd 读取',
    failTitle: 'IPv6 字面量使 containerd 拒绝 K3s 写出的配置',
    remediation: '在 Rancher 2.6-2.11（containerd 1.5-1.7）上，请为镜像仓库使用 DNS 名称，不要使用 IPv6 字面量。',
    messages: {
      configToml: '{what} "{value}" 是 IPv6 字面量：K3s {k3s}（{release}）会把它写成 config.toml 的表键，containerd {containerd} 无法解析（{error}）。containerd 不会启动，任何镜像都无法拉取。',
      'configToml.fix': '为镜像仓库使用 DNS 名称代替 {value}（例如在 docker run 上加 --add-host registry.example:{address}），键、端点和 CATTLE_SYSTEM_DEFAULT_REGISTRY 都要改。',
      hostsToml: '{what} "{value}" 是 IPv6 字面量：K3s {k3s}（{release}）写出的 certs.d/{dir}/hosts.toml 的表键中含有它，containerd {containerd} 无法解码（{error}）。containerd 会忽略该文件，只从默认端点拉取 {dir}。',
      'hostsToml.fix': '在该端点中为镜像仓库使用 DNS 名称代替 {value}（例如在 docker run 上加 --add-host registry.example:{address}）。',
      unknownVersion: '{what} "{value}" 是 IPv6 字面量。containerd 1.5-1.7（Rancher 2.6-2.11）无法在 K3s 写出的配置中解析它：containerd 拒绝启动（config.toml，Rancher 2.6-2.7.11、2.8.0-2.8.2）或忽略该镜像仓库的 hosts.toml（之后的版本）。containerd 1.4（Rancher 2.5）和 2.x 能解析。',
      'unknownVersion.fix': '用 --rancher-version 指定版本进行检查，或为镜像仓库使用 DNS 名称代替 {value}。',
      parses: '{what} "{value}" 是 IPv6 字面量；containerd {containerd}（K3s {k3s}，{release}）能在 K3s 写出的文件中解析它。',
      'what.mirror': 'mirrors 键',
      'what.config': 'configs 键',
      'what.endpoint': '端点',
    },
  },
};
