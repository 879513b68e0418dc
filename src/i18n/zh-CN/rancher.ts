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
      'containerd.unknown': '未记录',
      'mode.A': 'A，config.toml 中的 registry.mirrors/configs',
      'mode.B': 'B，K3s 第一版 certs.d hosts.toml 渲染',
      'mode.D': 'D，certs.d hosts.toml',
    },
  },
};
