# shellcheck shell=bash
# Every pinned version the cluster path uses, in one place. Sourced, not run.
# Checked against the projects' release notes; bump them together and rerun make up.
# shellcheck disable=SC2034 # used by the scripts that source this file

# kind v0.33.0 and the node image built for it (its release notes say: always use the digest). kind
# pushes node images for amd64 and arm64 under one manifest list, and its release notes give that
# list's digest (kind #2815), so Apple Silicon and arm64 Linux get their own.
KIND_VERSION=v0.33.0
# KIND_NODE_IMAGE= in the environment takes another (a node image built offline, say).
KIND_NODE_IMAGE=${KIND_NODE_IMAGE:-kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5}
# kubectl within one minor version of the cluster: kind's node is v1.37, k3s below is v1.36.
KUBECTL_VERSION=v1.37.0
HELM_VERSION=v4.3.0
# The SHA-256 of every download make up may fetch into bin/ (cluster-lib.sh fetch_tool), per tool and
# platform, as the projects publish them beside the downloads (kind's .sha256sum, dl.k8s.io's .sha256,
# get.helm.sh's .sha256sum). Written here, not fetched beside the tool: a tampered download would need
# a tampered checksum in this repository too. Bump them with the versions above. These were copied
# from several independent public pins of those files, all agreeing: the machine that wrote them
# reaches none of the three hosts; a mismatch refuses the install, it never passes one.
TOOL_SHA256='
kind     linux-amd64    aee6151561422756b764a4ae28e7f44cda5af5a9eead3cc9985112b1de8d8e0d
kind     linux-arm64    20022bee6cfcd5086cb7234d218e3454e6090022f2a8f55d1fa7fcf42c3867a2
kind     darwin-amd64   5a99f26f57246dc9319dd294803313197a0f34d33c525b3ea8b655db5916ece0
kind     darwin-arm64   0c8c7dbe5e23594a198b786c4bc13dacc101fa6196b0cb0b23a1ca44e61f4b4f
kubectl  linux-amd64    6129359f4e1f3848a5572ccb0b26cf28b8ca08cef38c95a765b2f64a2c961a2f
kubectl  linux-arm64    922df28df248cc00a9e025f947704f1d1482de64ece54cfe57e61f19eaf1eef3
kubectl  darwin-amd64   d5276c0f4fde77fc446070290f345944a7f1fda153df6b960e5fde93b7a9bccd
kubectl  darwin-arm64   583beedaebe422e71d3f1a96acef8b1fef86ea2f09a45ad01aa6c9ce287c1380
helm     linux-amd64    86584a54def73570558f66f5111cc53dfed56689637ae32c1201205d494f54fb
helm     linux-arm64    31c5794dd55c66a51e6b7d2e2ac7a114ae8b1de41ff1d9ba51748ac973b06a08
helm     darwin-amd64   347a784877e0e20eac865e8d1c36a80f6bb0861d6f29abd34defb6570ef95d92
helm     darwin-arm64   d3870437e1e95b67f8edbde964156c84a26503f560821d40c542441658934fba
'
# Traefik (k8s/kind/traefik-values.yaml) from its chart repository; k3s ships its own.
TRAEFIK_CHART_REPO=https://traefik.github.io/charts
TRAEFIK_CHART_VERSION=42.4.3
# LoadBalancer addresses on kind. It runs beside the nodes as a container on the kind network, with
# the Docker socket (root on the host): pinned by digest, the one Kubernetes' image promoter lists for
# v0.11.1 (kubernetes/k8s.io, registry.k8s.io/images/k8s-staging-cloud-provider-kind/images.yaml).
# Its Makefile builds linux/amd64 and linux/arm64 (PLATFORMS) into one image.
CLOUD_PROVIDER_KIND_IMAGE=registry.k8s.io/cloud-provider-kind/cloud-controller-manager:v0.11.1@sha256:40e18b9cd9c798cce40d39ff5c099a4f16a36c268d8e1dda469d73955a35e403
# What CLUSTER=k3s make up tells people to install when k3s is missing.
K3S_VERSION=v1.36.4+k3s1
# make registry, where Debian's docker-registry (2.8.2 on Debian 12) is not installed: the same
# Distribution release line, as the image docker-library publishes; 2.8.3 is no longer rebuilt, and
# the digest is the multi-arch index of its last build (14 February 2025).
REGISTRY_IMAGE=registry:2.8.3@sha256:a3d8aaa63ed8681a604f1dea0aa03f100d5895b6a58ace528858a7b332415373
# The Gateway API CRDs (standard channel) that make cluster, make up on kind and k3s, and make test's
# API server install, so Traefik can serve the platform's HTTPRoute: the release Traefik is built
# against (tools/traefik/go.sum), as the Go module proxy serves it (one zip of the module; its
# config/crd/standard, the standard channel). The SHA-256 is of that
# zip, fetched twice from proxy.golang.org and compared; the Go checksum database vouches for the
# module's contents, the pin for these bytes.
GATEWAY_API_VERSION=v1.6.1
GATEWAY_API_SHA256=cbedb5752da4817b0aa55ddf03b19903b3016083f4583b926b4d26e537d82591
