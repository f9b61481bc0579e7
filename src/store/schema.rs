//! The database schema, versioned with `PRAGMA user_version`; migrations only go forward.

use rusqlite::Connection;

pub const SCHEMA_VERSION: i64 = 3;

/// Each entry upgrades from version `i` to `i + 1`.
const MIGRATIONS: [&str; 3] = [
    // v1: the review log, flags, drill results, fitted parameters.
    "
    CREATE TABLE review_log (
        id          INTEGER PRIMARY KEY,
        item        TEXT    NOT NULL,
        at_ms       INTEGER NOT NULL,
        rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        mode        TEXT    NOT NULL CHECK (mode IN ('review', 'quiz', 'drill', 'learn', 'cram')),
        correct     INTEGER CHECK (correct IN (0, 1))
    );
    CREATE INDEX review_log_by_item ON review_log (item, at_ms);
    CREATE TABLE card_flags (
        item      TEXT PRIMARY KEY,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech     INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE drill_results (
        id         INTEGER PRIMARY KEY,
        at_ms      INTEGER NOT NULL,
        seed       INTEGER NOT NULL,
        difficulty TEXT    NOT NULL,
        kind       TEXT    NOT NULL,
        -- JSON object: rule kind -> [hits, misses]
        rule_hits  TEXT    NOT NULL
    );
    CREATE TABLE fsrs_parameters (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        parameters      TEXT    NOT NULL,
        optimized_at_ms INTEGER NOT NULL
    );
",
    // v2: loading the log in time order (every start) walks this index instead of sorting
    // every row; the rowid rides along, so `ORDER BY at_ms, id` needs no sort at all.
    "CREATE INDEX review_log_by_time ON review_log (at_ms);",
    // v3: where the learner is in each lesson (the `learn` screen resumes there).
    "
    CREATE TABLE lesson_progress (
        lesson    TEXT    PRIMARY KEY,
        step      INTEGER NOT NULL CHECK (step >= 0),
        completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
        at_ms     INTEGER NOT NULL
    );
",
];

/// Brings the database to `SCHEMA_VERSION`, each step in one transaction with its version bump.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let mut version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    while (version as usize) < MIGRATIONS.len() {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        version += 1;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
