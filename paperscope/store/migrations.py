"""Forward-only schema migrations; ``PRAGMA user_version`` is the number of migrations applied."""

from __future__ import annotations

# Each entry moves the schema from version i to i + 1. Never edit an applied entry: append a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: papers, authors, PDFs, misses, labels and append-only verifications
    """
    CREATE TABLE papers (
        key          TEXT PRIMARY KEY,
        venue        TEXT NOT NULL,
        year         INTEGER NOT NULL,
        track        TEXT NOT NULL,
        title        TEXT NOT NULL,
        title_norm   TEXT NOT NULL,
        landing_url  TEXT,
        pdf_url      TEXT,
        record_json  TEXT NOT NULL,
        pdf_sha256   TEXT REFERENCES pdf_files(sha256),
        first_seen   TEXT NOT NULL
    );
    CREATE INDEX papers_venue_year ON papers(venue, year, track);
    CREATE INDEX papers_title_norm ON papers(title_norm);
    CREATE INDEX papers_pdf ON papers(pdf_sha256);

    CREATE TABLE authors (
        paper_key    TEXT NOT NULL REFERENCES papers(key) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        name         TEXT NOT NULL,
        affiliations_json TEXT NOT NULL,
        email        TEXT,
        profile_id   TEXT,
        PRIMARY KEY (paper_key, position)
    );

    CREATE TABLE pdf_files (
        sha256       TEXT PRIMARY KEY,
        n_bytes      INTEGER NOT NULL,
        n_pages      INTEGER NOT NULL,
        stored_at    TEXT NOT NULL
    );

    CREATE TABLE misses (
        paper_key    TEXT PRIMARY KEY REFERENCES papers(key),
        reason       TEXT NOT NULL,
        detail       TEXT NOT NULL,
        url          TEXT,
        at           TEXT NOT NULL
    );

    CREATE TABLE layout_misses (
        url          TEXT NOT NULL,
        response_sha256 TEXT NOT NULL,
        venue        TEXT NOT NULL,
        page_kind    TEXT NOT NULL,
        layouts_tried TEXT NOT NULL,
        detail       TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (url, response_sha256)
    );

    CREATE TABLE labels (
        id           TEXT PRIMARY KEY,
        paper_key    TEXT NOT NULL REFERENCES papers(key),
        field        TEXT NOT NULL,
        kind         TEXT NOT NULL,
        producer     TEXT NOT NULL,
        version      TEXT NOT NULL,
        confidence   REAL NOT NULL,
        record_json  TEXT NOT NULL,
        created_at   TEXT NOT NULL
    );
    CREATE INDEX labels_paper_field ON labels(paper_key, field);
    CREATE TRIGGER labels_keep_verified BEFORE DELETE ON labels
        WHEN EXISTS (SELECT 1 FROM verifications WHERE label_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'a verified label cannot be deleted'); END;
    CREATE TRIGGER labels_immutable BEFORE UPDATE ON labels
        BEGIN SELECT RAISE(ABORT, 'labels are immutable: a new extractor version adds new labels'); END;

    CREATE TABLE verifications (
        id           TEXT PRIMARY KEY,
        label_id     TEXT NOT NULL REFERENCES labels(id),
        paper_key    TEXT NOT NULL REFERENCES papers(key),
        field        TEXT NOT NULL,
        verdict      TEXT NOT NULL,
        annotator    TEXT NOT NULL,
        ls_annotation INTEGER,
        at           TEXT NOT NULL,
        record_json  TEXT NOT NULL
    );
    CREATE INDEX verifications_label ON verifications(label_id);
    CREATE INDEX verifications_paper_field ON verifications(paper_key, field);
    CREATE TRIGGER verifications_no_update BEFORE UPDATE ON verifications
        BEGIN SELECT RAISE(ABORT, 'verifications are append-only'); END;
    CREATE TRIGGER verifications_no_delete BEFORE DELETE ON verifications
        BEGIN SELECT RAISE(ABORT, 'verifications are append-only'); END;
    """,
    # 2: extraction bookkeeping (resumable batches) and Label Studio push sidecar
    """
    CREATE TABLE extraction_runs (
        pdf_sha256   TEXT NOT NULL REFERENCES pdf_files(sha256),
        producer     TEXT NOT NULL,
        version      TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error        TEXT NOT NULL DEFAULT '',
        n_labels     INTEGER NOT NULL DEFAULT 0,
        n_pages      INTEGER NOT NULL DEFAULT 0,
        seconds      REAL NOT NULL DEFAULT 0,
        at           TEXT NOT NULL,
        PRIMARY KEY (pdf_sha256, producer, version)
    );

    CREATE TABLE ls_tasks (
        paper_key    TEXT NOT NULL REFERENCES papers(key),
        field        TEXT NOT NULL,
        project_id   INTEGER NOT NULL,
        task_id      INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        pushed_at    TEXT NOT NULL,
        PRIMARY KEY (paper_key, field, project_id)
    );
    """,
    # 3: the identities a paper is known by across sources (a paper seen in two sources is one paper).
    # Its own source ids are registered by the triggers; the first paper holding an id keeps it.
    # 'key' and 'landing_url' rows name another source's listing of the same paper.
    """
    CREATE TABLE paper_ids (
        kind         TEXT NOT NULL
                     CHECK (kind IN ('doi', 'arxiv_id', 'openreview_id', 'pmlr_id', 'key', 'landing_url')),
        value        TEXT NOT NULL,
        paper_key    TEXT NOT NULL REFERENCES papers(key),
        PRIMARY KEY (kind, value)
    );
    CREATE INDEX paper_ids_paper ON paper_ids(paper_key);
    INSERT OR IGNORE INTO paper_ids (kind, value, paper_key)
        SELECT j.key, CASE j.key WHEN 'doi' THEN lower(j.value) ELSE j.value END, p.key
        FROM papers p, json_each(p.record_json, '$.ids') AS j
        WHERE j.value IS NOT NULL AND j.key IN ('doi', 'arxiv_id', 'openreview_id', 'pmlr_id')
        ORDER BY p.first_seen, p.rowid;
    CREATE TRIGGER papers_ids_on_insert AFTER INSERT ON papers BEGIN
        INSERT OR IGNORE INTO paper_ids (kind, value, paper_key)
            SELECT j.key, CASE j.key WHEN 'doi' THEN lower(j.value) ELSE j.value END, NEW.key
            FROM json_each(NEW.record_json, '$.ids') AS j
            WHERE j.value IS NOT NULL AND j.key IN ('doi', 'arxiv_id', 'openreview_id', 'pmlr_id');
    END;
    CREATE TRIGGER papers_ids_on_update AFTER UPDATE OF record_json ON papers BEGIN
        INSERT OR IGNORE INTO paper_ids (kind, value, paper_key)
            SELECT j.key, CASE j.key WHEN 'doi' THEN lower(j.value) ELSE j.value END, NEW.key
            FROM json_each(NEW.record_json, '$.ids') AS j
            WHERE j.value IS NOT NULL AND j.key IN ('doi', 'arxiv_id', 'openreview_id', 'pmlr_id');
    END;
    """,
    # 4: local files that `paperscope ingest` refused, with the reason (a later ingest that stores
    # the same path removes its row)
    """
    CREATE TABLE ingest_refusals (
        path         TEXT PRIMARY KEY,
        reason       TEXT NOT NULL,
        detail       TEXT NOT NULL DEFAULT '',
        at           TEXT NOT NULL
    );
    """,
    # 5: listings that carry a stored paper's source id but another title: kept as their own paper,
    # the clash recorded for `status` and the crawl summary
    """
    CREATE TABLE id_conflicts (
        kind         TEXT NOT NULL,
        value        TEXT NOT NULL,
        paper_key    TEXT NOT NULL,
        holder_key   TEXT NOT NULL,
        title        TEXT NOT NULL,
        holder_title TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (kind, value, paper_key)
    );
    """,
    # 6: OpenReview profiles as fetched (the record the affiliation labels cite), one row per profile
    """
    CREATE TABLE profiles (
        profile_id   TEXT PRIMARY KEY,
        record_json  TEXT NOT NULL,
        fetched_at   TEXT NOT NULL
    );
    """,
    # 7: papers by the content hash their source names the PDF by: two listings of one PDF in a
    # venue and year are one paper (a withdrawn twin's scrubbed or edited title may differ)
    """
    CREATE INDEX papers_pdf_digest ON papers(json_extract(record_json, '$.ids.pdf_digest'))
        WHERE json_extract(record_json, '$.ids.pdf_digest') IS NOT NULL;
    """,
    # 8: Label Studio tasks by desk too: '' is the shared server, else the annotator whose own blind
    # desk (a server of their own) holds the task; each server numbers its projects and tasks apart
    """
    CREATE TABLE ls_tasks_by_desk (
        paper_key    TEXT NOT NULL REFERENCES papers(key),
        field        TEXT NOT NULL,
        project_id   INTEGER NOT NULL,
        task_id      INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        pushed_at    TEXT NOT NULL,
        desk         TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (desk, paper_key, field, project_id)
    );
    INSERT INTO ls_tasks_by_desk (paper_key, field, project_id, task_id, content_sha256, pushed_at)
        SELECT paper_key, field, project_id, task_id, content_sha256, pushed_at FROM ls_tasks;
    DROP TABLE ls_tasks;
    ALTER TABLE ls_tasks_by_desk RENAME TO ls_tasks;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
