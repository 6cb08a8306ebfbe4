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
# Traefik (k8s/kind/traefik-values.yaml) from its chart repository; k3s ships its own.
TRAEFIK_CHART_REPO=https://traefik.github.io/charts
TRAEFIK_CHART_VERSION=42.4.3
# LoadBalancer addresses on kind. It runs beside the nodes as a container on the kind network. Its
# Makefile builds linux/amd64 and linux/arm64 (PLATFORMS) into one image.
CLOUD_PROVIDER_KIND_IMAGE=registry.k8s.io/cloud-provider-kind/cloud-controller-manager:v0.11.1
# The build and the e2e tool run in this image when the host has no JDK 17 or newer (scripts/build.sh):
# Temurin 17, the project's Java; the Maven wrapper inside fetches its own pinned Maven. The digest is
# the multi-arch index (amd64, arm64 and more) docker-library's repo-info lists for the tag.
# Offline: images/base-images.sh builder makes platform-base/builder:17-bookworm; pass it as BUILDER_IMAGE.
BUILDER_IMAGE=${BUILDER_IMAGE:-maven:3.9.16-eclipse-temurin-17@sha256:42a3ac393abbc64dae6c96703e5ead2e921fe9103371ac58b5b404b0d6a26502}
# What CLUSTER=k3s make up tells people to install when k3s is missing.
K3S_VERSION=v1.36.4+k3s1
# make registry, where Debian's docker-registry (2.8.2 on Debian 12) is not installed: the same
# Distribution release line, as the image docker-library publishes.
REGISTRY_IMAGE=registry:2.8.3
