-- Portable between H2 2.x and PostgreSQL 10+.
-- One row per poller: how far it has read. position is the change time (ISO-8601 instant) of the last object
-- whose event is in the inbox; the next poll asks again from a little before it (the overlap), so a restart
-- resumes there and a failed poll, which leaves the row alone, never skips a window.
CREATE TABLE poll_cursors (
    name        VARCHAR(100)  PRIMARY KEY,
    position    VARCHAR(64)   NOT NULL,
    updated_at  TIMESTAMP     NOT NULL
);
