import type { CheckTexts } from '../index.js';

/** Checks about the Rancher release table (src/rancher/*). */
export const RANCHER: Record<string, CheckTexts> = {
  'rancher-version': {
    title: 'Rancher 版本是已知版本',
    failTitle: 'Rancher 版本不在内置版本表中',
    remediation: '用 --rancher-version 指定一个已发布的 Rancher 版本 vX.Y.Z。',
    messages: {
      known: 'Rancher {rancher} 内置 K3s {k3s}（K3s 镜像仓库渲染模式 {mode}，见 docs/registry-modes.md；containerd {containerd}）；与版本相关的检查按此判断。',
      unknown: '内置版本表中没有 Rancher {version}（收录范围 {first} … {last}；最接近的已知版本：{nearest}），因此不适用任何 K3s 版本门槛：所有与版本相关的检查都按未指定版本处理。',
      'unknown.fix': '请指定一个已发布的版本（最接近的已知版本：{nearest}）；对于更新的版本，请用 --images 传入其 rancher-images.txt，并人工复核与版本相关的结果。',
      knownImagesOnly: 'Rancher {rancher} 内置 K3s {k3s}；节点运行的是 RKE2（--rke2-version），与版本相关的检查按其自身的 K3s 代码判断，Rancher 版本只用于确定镜像列表。',
      rke2Known: 'RKE2 {version} 运行 K3s 代码 {k3s}（由其 go.mod 固定；K3s 镜像仓库渲染模式 {mode}，见 docs/registry-modes.md；containerd {containerd}）；与版本相关的检查按此判断。',
      rke2Unmodelled: 'RKE2 {version} 运行 K3s 代码 {k3s}，其镜像仓库渲染属于模式 C（顶层 TLS 设置而没有 [host] 表，k3s-io/k3s#9839），本工具未对该模式建模：所有与版本相关的检查都按未指定版本处理，registry 也不会在猜测的模式下判定镜像通过。',
      'rke2Unmodelled.fix': '把节点升级到模式 D 的 RKE2 版本（v1.27.13+、v1.28.9+、v1.29.4+、v1.30+）：模式 C 会忽略默认端点的 TLS 设置（rke2#5658）。',
      rke2Unknown: '内置表中没有 RKE2 {version}（收录范围 {first} … {last}），因此不知道它的 K3s 镜像仓库代码：所有与版本相关的检查都按未指定版本处理，registry 也不会在猜测的模式下判定镜像通过。',
      'rke2Unknown.fix': '给出节点实际运行的 RKE2 版本（`rke2 --version`），格式为 vX.Y.Z+rke2rN。',
      'containerd.unknown': '未记录',
      'mode.A': 'A，config.toml 中的 registry.mirrors/configs',
      'mode.B': 'B，K3s 第一版 certs.d hosts.toml 渲染',
      'mode.D': 'D，certs.d hosts.toml',
    },
  },
};
