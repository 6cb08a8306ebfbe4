package io.github.k8splatform.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.github.k8splatform.manifests.RenderedOverlay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker run arguments for one container of a rendered pod template, so the end-to-end run uses the
 * manifest's env, user, read-only root, capabilities, memory and CPU limits rather than restating them.
 * What only a cluster has is stood in for: downward-API fields get the container's name, secrets get
 * this run's random values (RunSecrets), config maps are read from the same rendered overlay, emptyDirs and config maps become bind
 * mounts of fresh directories and PVCs docker volumes (which, like fsGroup, start owned as the image's directory is).
 */
final class ContainerSpec {

    static final String NAMESPACE = "platform";

    private final RenderedOverlay overlay;
    private final Path workDir;
    private final RegistryCopies images;
    final RunSecrets secrets = new RunSecrets();

    ContainerSpec(RenderedOverlay overlay, Path workDir, RegistryCopies images) {
        this.overlay = overlay;
        this.workDir = workDir;
        this.images = images;
    }

    /**
     * @param name the docker container name (also what POD_NAME says)
     * @param alias the network alias, or null: a headless Service's name, which resolves to the pod itself
     * @param image the image to run, when it differs from the manifest's (offline PostgreSQL)
     * @param claims docker volumes or host directories standing in for the pod's PVCs and hostPath
     *     volumes, by volume name
     */
    List<String> runArgs(PodSpec pod, Container c, String network, String name, String alias, String image,
            Map<String, String> claims) {
        List<String> args = new ArrayList<>(List.of("--name", name, "--network", network));
        if (alias != null) {
            args.addAll(List.of("--network-alias", alias));
        }
        for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            args.add("-e");
            args.add(env.getName() + "=" + value(env, name));
        }
        PodSecurityContext podSecurity = pod.getSecurityContext();
        SecurityContext security = c.getSecurityContext();
        Long user = security != null && security.getRunAsUser() != null ? security.getRunAsUser()
                : podSecurity != null ? podSecurity.getRunAsUser() : null;
        Long group = security != null && security.getRunAsGroup() != null ? security.getRunAsGroup()
                : podSecurity != null ? podSecurity.getRunAsGroup() : null;
        if (user != null) {
            args.add("--user");
            args.add(user + (group != null ? ":" + group : ""));
        }
        if (security != null) {
            if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                args.add("--read-only");
            }
            if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                args.add("--security-opt");
                args.add("no-new-privileges");
            }
            if (security.getCapabilities() != null) {
                security.getCapabilities().getDrop().forEach(cap -> args.addAll(List.of("--cap-drop", cap)));
            }
        }
        Map<String, Quantity> limits = c.getResources().getLimits();
        if (limits != null && limits.containsKey("memory")) {
            args.add("--memory");
            args.add(Quantity.getAmountInBytes(limits.get("memory")).toBigInteger().toString());
        }
        if (limits != null && limits.containsKey("cpu")) {
            args.add("--cpus");
            args.add(Quantity.getAmountInBytes(limits.get("cpu")).toPlainString());
        }
        if (pod.getTerminationGracePeriodSeconds() != null) {
            args.add("--stop-timeout");
            args.add(String.valueOf(pod.getTerminationGracePeriodSeconds()));
        }
        for (VolumeMount mount : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            args.addAll(volume(pod, mount, claims, name));
        }
        for (ContainerPort port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
            args.add("-p");
            args.add("127.0.0.1::" + port.getContainerPort());
        }
        args.add(images.of(image != null ? image : c.getImage()));
        if (c.getArgs() != null) {
            args.addAll(c.getArgs());
        }
        return args;
    }

    /** A directory every container user can enter and read, like the volumes the kubelet makes. */
    private static Path directory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        return dir;
    }

    private String value(EnvVar env, String podName) {
        if (env.getValueFrom() == null) {
            return env.getValue();
        }
        if (env.getValueFrom().getFieldRef() != null) {
            return switch (env.getValueFrom().getFieldRef().getFieldPath()) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> NAMESPACE;
                case "spec.nodeName" -> "docker-e2e";
                default -> throw new IllegalArgumentException("no stand-in for " + env.getValueFrom().getFieldRef().getFieldPath());
            };
        }
        if (env.getValueFrom().getSecretKeyRef() != null) {
            return secrets.value(env.getValueFrom().getSecretKeyRef().getName(), env.getValueFrom().getSecretKeyRef().getKey());
        }
        throw new IllegalArgumentException("no stand-in for env " + env.getName());
    }

    private List<String> volume(PodSpec pod, VolumeMount mount, Map<String, String> claims, String name) {
        if (claims.containsKey(mount.getName())) {
            return List.of("-v", claims.get(mount.getName()) + ":" + mount.getMountPath()
                    + (Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : ""));
        }
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no volume " + mount.getName()));
        if (volume.getEmptyDir() != null) {
            // A fresh host directory, as an emptyDir is: a docker tmpfs would copy the image's
            // directory and its owner and mode (tmpcopyup), which an emptyDir never does.
            Path dir = directory(workDir.resolve("emptydir").resolve(name + "-" + volume.getName()));
            dir.toFile().setWritable(true, false);
            return List.of("-v", dir + ":" + mount.getMountPath());
        }
        if (volume.getConfigMap() != null) {
            ConfigMap map = overlay.one(ConfigMap.class, volume.getConfigMap().getName());
            Path dir = directory(workDir.resolve("configmap").resolve(volume.getConfigMap().getName()));
            try {
                for (Map.Entry<String, String> file : map.getData().entrySet()) {
                    Files.writeString(dir.resolve(file.getKey()), file.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of("-v", dir + ":" + mount.getMountPath() + ":ro");
        }
        throw new IllegalArgumentException("no stand-in for volume " + volume.getName());
    }
}
