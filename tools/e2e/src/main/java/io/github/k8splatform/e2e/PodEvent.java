package io.github.k8splatform.e2e;

import java.time.Instant;

/**
 * Something that happened to a pod (or to the object a Kubernetes event names) during a drill:
 * object: the pod's name, or kind/name for another object ("deployment/orders"); reason: what
 * happened in one word (Started, Ready, Killing, ScalingReplicaSet, ...); message: the details.
 */
record PodEvent(Instant at, String object, String reason, String message) {
}
