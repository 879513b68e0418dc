// Generated from ../shared/docs/DOMAIN.md Appendix A (per-release image tags for the local cluster).
// Regenerate rather than edit by hand; see scripts/gen-releases.py.
export interface ReleaseImage { repo: string; tag: string | null; note?: string }
export interface ReleaseRow { version: string; k3s: string; mode: "A" | "B" | "D"; images: ReleaseImage[] }
export const RELEASES: ReleaseRow[] = [
 {
  "version": "v2.5.0",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta5"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.0"
   }
  ]
 },
 {
  "version": "v2.5.1",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta5"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.0"
   }
  ]
 },
 {
  "version": "v2.5.2",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.5"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.8"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta7"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.1"
   }
  ]
 },
 {
  "version": "v2.5.3",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.5"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.8"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta7"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.1"
   }
  ]
 },
 {
  "version": "v2.5.4",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.5"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.2"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.2"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.11"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta9"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.2"
   }
  ]
 },
 {
  "version": "v2.5.5",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.5"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.2"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.2"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.11"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta9"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.2"
   }
  ]
 },
 {
  "version": "v2.5.6",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.4"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.4"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta9"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.3"
   }
  ]
 },
 {
  "version": "v2.5.7",
  "k3s": "v1.18.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.4"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.4"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0-beta9"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.3"
   }
  ]
 },
 {
  "version": "v2.5.8",
  "k3s": "v1.19.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.15"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.9",
  "k3s": "v1.19.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.15"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.0",
    "note": "(min) / v0.1.1 (latest in index, observed)"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.10",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.15"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.2"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.11",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.15"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.2"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.12",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.15"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.3"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.13",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.4"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.14",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.4"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.15",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.4"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.4"
   }
  ]
 },
 {
  "version": "v2.5.16",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.5"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.5"
   }
  ]
 },
 {
  "version": "v2.5.17",
  "k3s": "v1.19.13+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.13"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.10-security1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.10-security1"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26-security1"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.1.6"
   },
   {
    "repo": "rancher/rancher-operator",
    "tag": "v0.1.5"
   }
  ]
 },
 {
  "version": "v2.6.0",
  "k3s": "v1.21.3+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.10"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.6"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.6"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.0"
   }
  ]
 },
 {
  "version": "v2.6.1",
  "k3s": "v1.21.3+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.10"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.7"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.7"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.1"
   }
  ]
 },
 {
  "version": "v2.6.2",
  "k3s": "v1.21.3+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.10"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.7"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.7"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.1"
   }
  ]
 },
 {
  "version": "v2.6.3",
  "k3s": "v1.21.7+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.14"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.8"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.8"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.23"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.2"
   }
  ]
 },
 {
  "version": "v2.6.4",
  "k3s": "v1.22.7+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.16"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.5"
   }
  ]
 },
 {
  "version": "v2.6.5",
  "k3s": "v1.23.6+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.16"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.5"
   }
  ]
 },
 {
  "version": "v2.6.6",
  "k3s": "v1.23.6+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.16"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.5"
   }
  ]
 },
 {
  "version": "v2.6.7",
  "k3s": "v1.24.1+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.18"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.10"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.10"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.30"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.6"
   }
  ]
 },
 {
  "version": "v2.6.8",
  "k3s": "v1.24.1+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.18"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.3.11"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.3.11"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.30"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.6"
   }
  ]
 },
 {
  "version": "v2.6.9",
  "k3s": "v1.24.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.18"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.4.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.4.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.7"
   }
  ]
 },
 {
  "version": "v2.6.10",
  "k3s": "v1.24.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.18"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32-security1"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.8"
   }
  ]
 },
 {
  "version": "v2.6.11",
  "k3s": "v1.24.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.9"
   }
  ]
 },
 {
  "version": "v2.6.12",
  "k3s": "v1.24.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.9"
   }
  ]
 },
 {
  "version": "v2.6.13",
  "k3s": "v1.24.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.10"
   }
  ]
 },
 {
  "version": "v2.6.14",
  "k3s": "v1.24.8+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.2.10"
   }
  ]
 },
 {
  "version": "v2.7.0",
  "k3s": "v1.24.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.18"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.0"
   }
  ]
 },
 {
  "version": "v2.7.1",
  "k3s": "v1.24.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.18"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.32-security1"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.0"
   }
  ]
 },
 {
  "version": "v2.7.2",
  "k3s": "v1.25.5+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.37"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.2"
   }
  ]
 },
 {
  "version": "v2.7.3",
  "k3s": "v1.25.5+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.37"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.3"
   }
  ]
 },
 {
  "version": "v2.7.4",
  "k3s": "v1.25.5+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.19"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.37"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.4"
   }
  ]
 },
 {
  "version": "v2.7.5",
  "k3s": "v1.26.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.20"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.7.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.7.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.54"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.5"
   }
  ]
 },
 {
  "version": "v2.7.6",
  "k3s": "v1.26.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.20"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.7.1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.7.1"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.54"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.5"
   }
  ]
 },
 {
  "version": "v2.7.7",
  "k3s": "v1.26.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.76"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.6"
   }
  ]
 },
 {
  "version": "v2.7.8",
  "k3s": "v1.26.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.76"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.6"
   }
  ]
 },
 {
  "version": "v2.7.9",
  "k3s": "v1.26.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.76"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.6"
   }
  ]
 },
 {
  "version": "v2.7.10",
  "k3s": "v1.26.4+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.21"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.76"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.6"
   }
  ]
 },
 {
  "version": "v2.7.11",
  "k3s": "v1.27.5+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.22"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.2"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.2"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.2"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.7"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.12",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.22"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.3"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.3"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.3"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.7"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.13",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.24"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.4"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.4"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.7"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.9"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.14",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.24"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.8"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.11"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.15",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.24"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.8"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.11"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.16",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.25"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.6"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.6"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.12-rc1"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.17",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.25"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.6"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.6"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.7.18",
  "k3s": "v1.27.10+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.25"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.8.6"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.8.6"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.8.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.3.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(chart 100.0.0+up0.0.1, latest in release-v2.7)"
   }
  ]
 },
 {
  "version": "v2.8.0",
  "k3s": "v1.27.6+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.22"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.96"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.1",
  "k3s": "v1.27.6+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.22"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.96"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.2",
  "k3s": "v1.27.6+k3s1",
  "mode": "A",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.22"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.0"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.1.96"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.3",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.23"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.2"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.2"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.4"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.3"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.4",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.24"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.4"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.4"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.7"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.5"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.5",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.24"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.5"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.5"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.8"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.7"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.6",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.6"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.6"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.12"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.9"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.7",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.8"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.8"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.10"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.8",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.9"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.9"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.13"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.11"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.9",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.10"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.10"
   },
   {
    "repo": "rancher/gitjob",
    "tag": "v0.9.15"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.12"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.10",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/gitjob",
    "tag": null,
    "note": "tag not determinable for this release"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.11",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/gitjob",
    "tag": null,
    "note": "tag not determinable for this release"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.12",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.26"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/gitjob",
    "tag": null,
    "note": "tag not determinable for this release"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.13",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.28"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/gitjob",
    "tag": null,
    "note": "tag not determinable for this release"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.16",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.14",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.28"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.16",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.16",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/gitjob",
    "tag": null,
    "note": "tag not determinable for this release"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.17",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.8.15",
  "k3s": "v1.28.6+k3s2",
  "mode": "B",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.1.28"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.9.17",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.9.17",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/gitjob",
    "tag": null,
    "note": "tag not determinable for this release"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.4.18",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.4.4",
    "note": "(obs. 2.8.2) / v1.5.5?"
   }
  ]
 },
 {
  "version": "v2.9.0",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.0"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.0"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.7.3"
   }
  ]
 },
 {
  "version": "v2.9.1",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.1"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.1"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.7.3"
   }
  ]
 },
 {
  "version": "v2.9.2",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.2"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.2"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.2"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.7.3"
   }
  ]
 },
 {
  "version": "v2.9.3",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.4"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.4"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.7.3"
   }
  ]
 },
 {
  "version": "v2.9.4",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.7.3"
   }
  ]
 },
 {
  "version": "v2.9.5",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.6",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.7",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.8",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.9",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.10",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.11",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.9.12",
  "k3s": "v1.30.2+k3s2",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.2.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.10.16",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.10.16",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.5.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(104.1.0+up0.3.1)"
   }
  ]
 },
 {
  "version": "v2.10.0",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": "v1.8.3"
   }
  ]
 },
 {
  "version": "v2.10.1",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.2",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.3",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.4",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.5",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.6",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.7",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.8",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.9",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.10",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.11",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.10.12",
  "k3s": "v1.31.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.3.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.11.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.11.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.6.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(105.1.0+up0.6.0)"
   }
  ]
 },
 {
  "version": "v2.11.0",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.1",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.2",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.3",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.4",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.5",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.6",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.7",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.8",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.9",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.10",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.11",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.12",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.12",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.13",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.14",
  "k3s": "v1.32.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.15",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.4",
    "note": "derived from chart version 106.0.0+up0.4.4; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.15",
  "k3s": "v1.32.13+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.17",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.17",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.5",
    "note": "derived from chart version 106.0.1+up0.4.5; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.11.16",
  "k3s": "v1.32.13+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.4.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.12.18",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.12.18",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.7.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(106.0.0+up0.7.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.4.5",
    "note": "derived from chart version 106.0.1+up0.4.5; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.0",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.1",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.2",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.3",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.4",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.5",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.6",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.7",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.8",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.9",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.10",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.10",
  "k3s": "v1.33.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.11",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.0",
    "note": "derived from chart version 106.0.1+up0.5.0; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.11",
  "k3s": "v1.33.12+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.13",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.1",
    "note": "derived from chart version 106.0.2+up0.5.1; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.12.12",
  "k3s": "v1.33.12+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.5.3"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.13.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.13.14",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.8.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(107.0.0+up0.8.0)"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.5.1",
    "note": "derived from chart version 106.0.2+up0.5.1; whether it runs in a docker install is unconfirmed"
   }
  ]
 },
 {
  "version": "v2.13.0",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.0",
    "note": "derived from chart version 106.0.2+up0.6.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.1",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.0",
    "note": "derived from chart version 106.0.2+up0.6.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.2",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.0",
    "note": "derived from chart version 106.0.2+up0.6.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.3",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.2"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.0",
    "note": "derived from chart version 106.0.2+up0.6.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.4",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.3"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.3",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.0",
    "note": "derived from chart version 108.0.0+up0.6.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.5",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.3"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.0",
    "note": "derived from chart version 108.0.0+up0.6.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.6",
  "k3s": "v1.34.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.3"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.1",
    "note": "derived from chart version 108.0.1+up0.6.1; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.7",
  "k3s": "v1.34.8+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.8",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.2",
    "note": "derived from chart version 108.0.2+up0.6.2; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.13.8",
  "k3s": "v1.34.8+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.6.4"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.14.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.14.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.9.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/mirrored-cluster-api-controller",
    "tag": null,
    "note": "tag not determinable for this release ?(108.0.0+up0.9.0); turtles default-on in 2.13"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.6.2",
    "note": "derived from chart version 108.0.2+up0.6.2; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.14.0",
  "k3s": "v1.35.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.7.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.15.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.15.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.10.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.7.1",
    "note": "derived from chart version 109.0.1+up0.7.1; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.14.1",
  "k3s": "v1.35.4+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.7.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.15.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.15.1",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.10.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.7.2",
    "note": "derived from chart version 109.0.2+up0.7.2; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.14.2",
  "k3s": "v1.35.4+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.7.0"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.15.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.15.2",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.10.6",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.7.3",
    "note": "derived from chart version 109.0.3+up0.7.3; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.14.3",
  "k3s": "v1.35.5+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.7.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.15.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.15.4",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.10.7",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.7.4",
    "note": "derived from chart version 109.0.4+up0.7.4; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.14.4",
  "k3s": "v1.35.5+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.7.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.15.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.15.5",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.10.9",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.7.4",
    "note": "derived from chart version 109.0.4+up0.7.4; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 },
 {
  "version": "v2.15.0",
  "k3s": "v1.36.1+k3s1",
  "mode": "D",
  "images": [
   {
    "repo": "rancher/shell",
    "tag": "v0.8.1"
   },
   {
    "repo": "rancher/fleet",
    "tag": "v0.16.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/fleet-agent",
    "tag": "v0.16.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/rancher-webhook",
    "tag": "v0.11.0",
    "note": "derived from chart version"
   },
   {
    "repo": "rancher/remotedialer-proxy",
    "tag": "v0.8.0",
    "note": "derived from chart version 110.0.0+up0.8.0; whether it runs in a docker install is unconfirmed"
   },
   {
    "repo": "rancher/turtles",
    "tag": null,
    "note": "Rancher Turtles (default on since 2.13); image tag not determinable from the chart table, pass --images rancher-images.txt"
   }
  ]
 }
];
