-- Container log lines shipped by the log agents. A line is identified by where it was read:
-- the node, the file (device:inode, stable across renames) and the byte offset where it starts.
-- The unique key turns the agents' at-least-once shipping into exactly-once storage.
CREATE TABLE logs.log_lines (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node          VARCHAR(253) NOT NULL,
    namespace     VARCHAR(63)  NOT NULL,
    pod           VARCHAR(253) NOT NULL,
    container     VARCHAR(63)  NOT NULL,
    stream        VARCHAR(6)   NOT NULL CHECK (stream IN ('stdout', 'stderr')),
    logged_at     TIMESTAMPTZ  NOT NULL,
    message       TEXT         NOT NULL,
    source_file   VARCHAR(100) NOT NULL,
    source_offset BIGINT       NOT NULL CHECK (source_offset >= 0),
    received_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (node, source_file, source_offset)
);

CREATE INDEX log_lines_newest_first ON logs.log_lines (logged_at DESC, id DESC);
CREATE INDEX log_lines_by_pod ON logs.log_lines (namespace, pod, container, logged_at DESC);
