-- A note link names the issue its comment is on (project, iid) and the comment itself in gitlab_id
-- (project:iid:noteId): many note links share one issue. gitlab_id stays unique per kind (links_gitlab_id).
ALTER TABLE links DROP CONSTRAINT links_gitlab;
