package io.github.k8splatform.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * For every file being followed, the offset up to which the collector has acknowledged its lines.
 * Kept in a file on the node (a hostPath), written atomically, so a restarted agent resumes where the
 * last acknowledged batch ended: lines after it are read again, and the collector drops repeats.
 */
final class Checkpoint {

    /**
     * One file: where it was last seen, whose log it is, which incarnation (FileIncarnation) lived at
     * its inode, how far it is shipped and how large it was when last read (what is lost when it
     * disappears unfinished). A checkpoint from before incarnations has none and a "generation" field,
     * ignored.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Position(String realPath, String pod, String namespace, String container, long offset, String incarnation,
            long size) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, Position> positions;

    private Checkpoint(Path file, Map<String, Position> positions) {
        this.file = file;
        this.positions = positions;
    }

    static Checkpoint load(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("checkpoint.json");
        Map<String, Position> positions = Files.exists(file)
                ? JSON.readValue(file.toFile(), new TypeReference<HashMap<String, Position>>() { })
                : new HashMap<>();
        return new Checkpoint(file, positions);
    }

    Map<String, Position> positions() {
        return positions;
    }

    void put(String key, Position position) {
        positions.put(key, position);
    }

    void remove(String key) {
        positions.remove(key);
    }

    void save() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), positions);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
