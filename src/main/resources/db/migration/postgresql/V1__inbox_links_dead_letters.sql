-- One row per webhook delivery; unique per (source, delivery id) so a redelivery is never stored twice.
CREATE TABLE inbox (
    id            BIGSERIAL PRIMARY KEY,
    source        VARCHAR(16)     NOT NULL,
    delivery_id   VARCHAR(200)    NOT NULL,
    event_type    VARCHAR(100)    NOT NULL,
    entity_key    VARCHAR(300)    NOT NULL,
    payload       TEXT NOT NULL,
    status        VARCHAR(16)     NOT NULL,
    attempts      INT             DEFAULT 0 NOT NULL,
    lease_owner   VARCHAR(64),
    lease_until   TIMESTAMP,
    received_at   TIMESTAMP       NOT NULL,
    finished_at   TIMESTAMP,
    outcome       VARCHAR(1000),
    CONSTRAINT inbox_delivery UNIQUE (source, delivery_id)
);
CREATE INDEX inbox_status_id ON inbox (status, id);
CREATE INDEX inbox_entity_id ON inbox (entity_key, id);

-- A GHL object and the GitLab object it is kept in step with, plus what was last written to each side.
CREATE TABLE links (
    id              BIGSERIAL PRIMARY KEY,
    kind            VARCHAR(32)   NOT NULL,
    ghl_id          VARCHAR(100)  NOT NULL,
    ghl_parent_id   VARCHAR(100),
    gitlab_project  VARCHAR(255)  NOT NULL,
    gitlab_iid      BIGINT        NOT NULL,
    gitlab_url      VARCHAR(1000),
    ghl_fp          VARCHAR(64),
    gitlab_fp       VARCHAR(64),
    ghl_state       VARCHAR(16),
    gitlab_state    VARCHAR(16),
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    CONSTRAINT links_ghl UNIQUE (kind, ghl_id),
    CONSTRAINT links_gitlab UNIQUE (kind, gitlab_project, gitlab_iid)
);

-- Events a flow could not finish: the reason, the HTTP answer (secrets redacted), and a way back in.
CREATE TABLE dead_letters (
    id             BIGSERIAL PRIMARY KEY,
    inbox_id       BIGINT,
    flow           VARCHAR(200),
    source         VARCHAR(16),
    event_type     VARCHAR(100),
    payload        TEXT,
    http_status    INT,
    response_body  VARCHAR(8000),
    reason         VARCHAR(2000),
    status         VARCHAR(16)   NOT NULL,
    created_at     TIMESTAMP     NOT NULL,
    resolved_at    TIMESTAMP
);
CREATE INDEX dead_letters_status ON dead_letters (status, id);
