package io.github.k8splatform.agent;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kubelet's file name in /var/log/containers says: &lt;pod&gt;_&lt;namespace&gt;_&lt;container&gt;-&lt;id&gt;.log.
 */
public record ContainerLogFile(String pod, String namespace, String container) {

    private static final Pattern NAME = Pattern.compile(
            "(?<pod>[a-z0-9][-a-z0-9.]*)_(?<namespace>[a-z0-9][-a-z0-9]*)_(?<container>[a-z0-9][-a-z0-9]*)-(?<id>[0-9a-f]{64})\\.log");

    public static Optional<ContainerLogFile> of(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        return m.matches()
                ? Optional.of(new ContainerLogFile(m.group("pod"), m.group("namespace"), m.group("container")))
                : Optional.empty();
    }
}
