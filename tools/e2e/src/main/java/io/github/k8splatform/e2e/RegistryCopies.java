package io.github.k8splatform.e2e;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images of the run as a node gets them from a registry: each is tagged into the registry,
 * pushed, untagged here, and pulled back by the digest the push reported, so every container runs
 * the registry's copy, named registry/image@sha256:.... Closing removes those pulled names (the
 * images keep their own tags). Without a registry every image is run by its own name.
 */
final class RegistryCopies implements AutoCloseable {

    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private final Map<String, String> copies = new LinkedHashMap<>();

    private RegistryCopies() {
    }

    static RegistryCopies none() {
        return new RegistryCopies();
    }

    /** Pushes each image to registry (host:port) and pulls it back by digest. */
    static RegistryCopies push(String registry, Collection<String> images, Consumer<String> say) {
        RegistryCopies pushed = new RegistryCopies();
        for (String image : images) {
            long start = System.nanoTime();
            String tagged = registry + "/" + image;
            Docker.exec(List.of("docker", "tag", image, tagged), 30);
            String output = Docker.exec(List.of("docker", "push", tagged), 600);
            Matcher digest = DIGEST.matcher(output);
            if (!digest.find()) {
                throw new IllegalStateException("docker push " + tagged + " reported no digest:\n" + output);
            }
            Docker.exec(List.of("docker", "image", "rm", tagged), 30);
            String byDigest = registry + "/" + repository(image) + "@" + digest.group(1);
            Docker.exec(List.of("docker", "pull", byDigest), 600);
            pushed.copies.put(image, byDigest);
            say.accept("e2e: %s pushed and pulled back as %s in %d ms".formatted(image, byDigest, (System.nanoTime() - start) / 1_000_000));
        }
        return pushed;
    }

    /** The name to run an image by: its registry copy, or itself. */
    String of(String image) {
        return copies.getOrDefault(image, image);
    }

    /** name:tag without its tag (a port in a registry host is not a tag). */
    static String repository(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    @Override
    public void close() {
        copies.values().forEach(byDigest -> {
            try {
                Docker.exec(List.of("docker", "image", "rm", byDigest), 30);
            } catch (IllegalStateException e) {
                // already gone: nothing to remove
            }
        });
    }
}
