package io.github.k8splatform.agent;

import java.nio.file.Path;

/** What the Tailer reports about the files it follows, besides their lines. */
interface TailEvents {

    /** Started reading a file from its beginning: reason is new, inode_reused or truncated. */
    void newIncarnation(Path file, String reason);

    /** A file disappeared (a rotated file compressed and deleted) before its end was read. */
    void lost(Path file, long unreadBytes);
}
