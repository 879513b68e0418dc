import type { CheckTexts } from '../index.js';

/** 简体中文: containerd-config（registry 阶段）。键与 checks/containerd-config.ts 的 messages 一致。 */
export const CONTAINERD: Record<string, CheckTexts> = {
  'containerd-config': {
    title: 'containerd 能读取 K3s 生成的配置',
    failTitle: 'containerd 无法读取 K3s 生成的配置',
    remediation: '对于 containerd 1.5-1.7，registries.yaml 的键和端点请使用 DNS 名称，不要使用 IPv6 字面量。',
    messages: {
      nothing: '未运行：没有探测任何镜像（见 image-set）',
      unparsable: 'containerd {containerd}（模式 {mode}）无法解析 K3s 根据此 registries.yaml 写出的 config.toml（{error}）：containerd 不会启动，任何镜像都无法拉取。',
      'unparsable.fix': '把 mirrors/configs 键和端点中的 IPv6 字面量换成该镜像仓库的 DNS 名称（例如在 docker run 上加 --add-host 名称:<地址>），并在 CATTLE_SYSTEM_DEFAULT_REGISTRY 中使用该名称。containerd 1.4（Rancher 2.5）和 2.x 能解析 IPv6 键，1.5-1.7 不能。',
      undecodable: 'containerd {containerd} 无法解码 certs.d/{dir}/hosts.toml（{error}）：它会忽略该文件，只从默认端点拉取 {registry}，不使用该文件中的镜像端点和 TLS 设置。',
      'undecodable.fix': '把该镜像仓库端点中的 IPv6 字面量换成 DNS 名称（例如在 docker run 上加 --add-host 名称:<地址>）。containerd 2.x 能解析，1.5-1.7 不能。',
    },
  },
};
