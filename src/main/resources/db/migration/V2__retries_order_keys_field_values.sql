-- Portable between H2 2.x and PostgreSQL 10+.
-- The inbox becomes a durable work queue: a failed attempt waits in its row until next_attempt_at.
--   order_key    the synced pair the event belongs to (a task and its issue are one sequence)
--   failures     failed attempts since the event was received or last replayed (drives the back-off)
--   retry_since  when the current run of failures began (measures the retry horizon)
--   attempts     (existing) claims ever made, never reset: a value above 1 means a step may have run before
ALTER TABLE inbox ADD COLUMN order_key VARCHAR(300);
UPDATE inbox SET order_key = entity_key;
ALTER TABLE inbox ALTER COLUMN order_key SET NOT NULL;
ALTER TABLE inbox ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE inbox ADD COLUMN retry_since TIMESTAMP;
ALTER TABLE inbox ADD COLUMN failures INT DEFAULT 0 NOT NULL;
ALTER TABLE inbox ADD COLUMN last_error VARCHAR(2000);
DROP INDEX inbox_entity_status_id;
-- "is there an older unfinished or dead row of this pair?" is one index probe
CREATE INDEX inbox_order_status_id ON inbox (order_key, status, id);

-- Which pair an object belongs to, once it is linked: an issue's events join its task's sequence.
CREATE TABLE order_keys (
    entity_key  VARCHAR(300) PRIMARY KEY,
    order_key   VARCHAR(300) NOT NULL
);

-- One link store for every synced pair. GitLab objects are named by gitlab_id: "<project>:<iid>" for
-- issues, a global id (gid://gitlab/...) for GraphQL objects, "<project>:<iid>:<note id>" for comments.
-- ghl_values / gitlab_values: JSON, per field, the value the bridge last wrote to (or took from) each side.
ALTER TABLE links ADD COLUMN gitlab_id VARCHAR(255);
UPDATE links SET gitlab_id = gitlab_project || ':' || CAST(gitlab_iid AS VARCHAR(20));
ALTER TABLE links ALTER COLUMN gitlab_project DROP NOT NULL;
ALTER TABLE links ALTER COLUMN gitlab_iid DROP NOT NULL;
ALTER TABLE links ADD COLUMN order_key VARCHAR(300);
ALTER TABLE links ADD COLUMN ghl_values VARCHAR(100000);
ALTER TABLE links ADD COLUMN gitlab_values VARCHAR(100000);
-- links made by the previous release: keep what they knew (the issue's state; whether the task was written)
UPDATE links SET gitlab_values = '{"state":"' || gitlab_state || '"}' WHERE gitlab_state IS NOT NULL;
UPDATE links SET ghl_values = CASE WHEN ghl_state = 'completed' THEN '{"completed":true}' ELSE '{"completed":false}' END WHERE ghl_fp IS NOT NULL;
ALTER TABLE links DROP COLUMN ghl_fp;
ALTER TABLE links DROP COLUMN gitlab_fp;
ALTER TABLE links DROP COLUMN gitlab_state;
ALTER TABLE links ADD CONSTRAINT links_gitlab_id UNIQUE (kind, gitlab_id);
INSERT INTO order_keys (entity_key, order_key)
    SELECT 'gitlab:issue:' || gitlab_project || ':' || CAST(gitlab_iid AS VARCHAR(20)), 'ghl:task:' || ghl_id FROM links WHERE kind = 'task';
UPDATE links SET order_key = 'ghl:task:' || ghl_id WHERE kind = 'task';
