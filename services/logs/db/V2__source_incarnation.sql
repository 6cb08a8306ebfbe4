-- A line is identified by the node, the file (device:inode), the file's incarnation and the offset.
-- Device and inode alone name a place, not a file: after kubelet rotation a new 0.log often gets the
-- inode of a deleted one, and its lines collided with the old file's and were dropped as duplicates.
-- The incarnation is a checksum of the file's first line, sent by the agent as sourceIncarnation.
-- Existing rows keep their key and get the empty incarnation: the new key only widens the old one,
-- so no existing row conflicts and none is removed.
ALTER TABLE logs.log_lines ADD COLUMN source_incarnation VARCHAR(16) NOT NULL DEFAULT '';
ALTER TABLE logs.log_lines ADD CONSTRAINT log_lines_source_position
    UNIQUE (node, source_file, source_incarnation, source_offset);
ALTER TABLE logs.log_lines DROP CONSTRAINT log_lines_node_source_file_source_offset_key;
