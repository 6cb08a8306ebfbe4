# quarkus-k8s-platform: the commands people type. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# The Maven wrapper, failing the build when Quarkus warns about an unknown configuration key.
MVN := scripts/mvn-strict.sh -B
CLUSTER ?= kind

include images/images.mk

.PHONY: help build test contract apiserver apiserver-stop cluster cluster-down manifests deploy run bench-startup bench-logs bench-logs-query bench-http offline-images e2e registry registry-down smoke \
	preflight up down doctor \
	drill drill-bad drill-rollback drill-drain tour exercise check exercise-reset clean

help: ## list every target with one line each
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z0-9_-]+:.*## / { printf "  %-16s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

build: ## compile and package every service (target/quarkus-app), no tests; in a container when the host has no JDK 17+
	scripts/build.sh

test: ## run every test against a real PostgreSQL and a real kube-apiserver (scripts/with-postgres.sh, scripts/kubernetes/apiserver.sh with), then make contract
	scripts/with-postgres.sh scripts/kubernetes/apiserver.sh with $(MVN) verify
	scripts/contract-test.sh

contract: ## schemathesis (pinned, tests/contract) tries every service's OpenAPI document against the services as make run starts them; any finding fails
	scripts/contract-test.sh

apiserver: ## etcd, kube-apiserver and kube-controller-manager on 127.0.0.1, built once from tools/kubernetes; KUBECONFIG=target/apiserver/kubeconfig
	scripts/kubernetes/apiserver.sh start

apiserver-stop: ## stop what make apiserver started
	scripts/kubernetes/apiserver.sh stop

cluster: ## a real two-node Kubernetes of host processes (as root): control plane, containerd, kubelet, kube-proxy, CoreDNS; the current kubectl context
	scripts/kubernetes/cluster.sh up

cluster-down: ## stop and remove everything make cluster made
	scripts/kubernetes/cluster.sh down

manifests: build ## copy the manifests quarkus-kubernetes generated into k8s/base/app/<service>/generated.yaml (commit them)
	scripts/sync-manifests.sh

deploy: ## apply the platform to the current kubectl context: kubectl apply -k k8s/overlays/$(CLUSTER)
	kubectl apply -k k8s/overlays/$(CLUSTER)

run: build ## start PostgreSQL and all services on 127.0.0.1 ports; Ctrl-C stops everything
	scripts/run-local.sh

bench-startup: offline-images ## each image's time to ready (jvm, boot, ready) and RSS under its pod's limits, beside a plain-JDK floor
	scripts/bench-startup.sh

bench-logs: offline-images ## log pipeline figures, the images run as their pods: parse lines/s, ingest lines/s, agent RSS idle and shipping
	$(MVN) -q test-compile -pl services/log-agent
	scripts/bench-logs.sh

bench-logs-query: offline-images ## the log query API's bounds on 1 million lines: the worst accepted query's time, each refusal's
	scripts/bench-logs-query.sh

bench-http: offline-images ## requests/s, p50 and p99 of catalog, orders and /api/overview (cached and fresh) under wrk, each image under its pod's limits, against a plain-JDK floor (PROFILE=1: where the fresh overview spends its CPU)
	scripts/bench-http.sh

offline-images: build base-images ## the offline base images, then every service's image on them (no registry needed)
	images/build-images.sh

e2e: build base-images ## the platform end to end on make cluster (as root): make up, smoke, every drill, the CronJob by hand, the live page, make down
	timeout 2400 scripts/cluster/e2e.sh

registry: ## an image registry on this host (REGISTRY_LISTEN, default 127.0.0.1:5000) for clusters beyond one node
	scripts/registry.sh start

registry-down: ## stop the registry make registry started
	scripts/registry.sh stop

smoke: ## the smoke suite against BASE_URL, default the Ingress (localhost; PLATFORM_HOST on CLUSTER=current) and then its HTTPRoute
	CLUSTER=$(CLUSTER) scripts/cluster/smoke.sh $(BASE_URL)

# The cluster path: CLUSTER=kind (default), k3s or current (any cluster, with REGISTRY); scripts/cluster/ holds the steps.
preflight: ## what make up checks before it builds: Docker, the pinned tools (fetched), doctor's required checks
	CLUSTER=$(CLUSTER) scripts/cluster/up.sh --preflight

# preflight before build: a missing tool stops make up before a minute of building.
up: preflight build ## the platform on a local cluster: tools, cluster, images, apply, wait, smoke, URLs (idempotent)
	CLUSTER=$(CLUSTER) scripts/cluster/up.sh

down: ## remove what make up created (kind: cloud-provider-kind, its load balancers, the cluster; k3s: the namespaces)
	CLUSTER=$(CLUSTER) scripts/cluster/down.sh

doctor: ## check tools, ports, cluster, Traefik and LoadBalancer provider; a fix next to each failure
	CLUSTER=$(CLUSTER) scripts/cluster/doctor.sh

drill: build ## roll SERVICE (orders) to version N+1 under traffic; report in target/drill/
	CLUSTER=$(CLUSTER) scripts/cluster/drill.sh rollout

drill-bad: build ## roll out a build whose readiness never passes, watch it stall, rollout undo
	CLUSTER=$(CLUSTER) scripts/cluster/drill.sh bad

drill-rollback: ## undo SERVICE to its previous good revision under traffic
	CLUSTER=$(CLUSTER) scripts/cluster/drill.sh rollback

drill-drain: ## cordon and drain a worker (two nodes or more) under traffic while the PodDisruptionBudgets hold
	CLUSTER=$(CLUSTER) scripts/cluster/drill.sh drain

tour: ## walk through the concept guide (docs/concepts) on the running cluster, one concept per Enter (TOUR_LANG=ko in Korean)
	CLUSTER=$(CLUSTER) scripts/cluster/tour.sh

exercise: ## list the graded exercises; N=3 breaks the running platform in exercise 3's way and says what you will see (TOUR_LANG=ko in Korean)
	CLUSTER=$(CLUSTER) scripts/cluster/exercise.sh $(if $(N),break $(N),list)

check: ## grade your fix of exercise N on the cluster, and say why it is not right yet: make check N=3
	CLUSTER=$(CLUSTER) scripts/cluster/exercise.sh check $(N)

exercise-reset: ## undo every exercise's break: each changed object as it was, each added one deleted
	CLUSTER=$(CLUSTER) scripts/cluster/exercise.sh reset

clean: ## remove build output and the throwaway database
	$(MVN) -q clean
	rm -rf target
