//! The database schema, versioned with `PRAGMA user_version`; migrations only go forward.

use rusqlite::Connection;

pub const SCHEMA_VERSION: i64 = 5;

/// Each entry upgrades from version `i` to `i + 1`.
const MIGRATIONS: [&str; 5] = [
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
    // v4: sync through a folder, and reset-to-new.
    // - review_log: `origin` names the machine an answer was merged from (NULL: answered
    //   here) and `origin_seq` its number in that machine's sync file; an answer answered here
    //   gets its number when it is first written out. The unique index makes merging the same
    //   answer twice a no-op.
    // - sync_undone: answers undone after they were written out, so the undo reaches the other
    //   machines (an answer missing for any other reason is restored from the file instead).
    // - card_flags, lesson_progress and drill_results learn who wrote them and when, for
    //   last-writer-wins merging; `reset_at_ms` hides an item's earlier answers from its memory
    //   state (the answers stay in the log).
    // - sync_runs remembers each sync for Home's line.
    "
    ALTER TABLE review_log ADD COLUMN origin TEXT;
    ALTER TABLE review_log ADD COLUMN origin_seq INTEGER;
    CREATE UNIQUE INDEX review_log_by_origin ON review_log (ifnull(origin, ''), origin_seq)
        WHERE origin_seq IS NOT NULL;
    CREATE TABLE sync_undone (seq INTEGER PRIMARY KEY);
    ALTER TABLE card_flags ADD COLUMN reset_at_ms INTEGER;
    ALTER TABLE card_flags ADD COLUMN at_ms INTEGER;
    ALTER TABLE card_flags ADD COLUMN origin TEXT;
    ALTER TABLE lesson_progress ADD COLUMN origin TEXT;
    ALTER TABLE drill_results ADD COLUMN origin TEXT;
    ALTER TABLE drill_results ADD COLUMN origin_seq INTEGER;
    CREATE UNIQUE INDEX drill_results_by_origin ON drill_results (ifnull(origin, ''), origin_seq)
        WHERE origin_seq IS NOT NULL;
    CREATE TABLE sync_runs (
        id          INTEGER PRIMARY KEY,
        at_ms       INTEGER NOT NULL,
        folder      TEXT    NOT NULL,
        answers_in  INTEGER NOT NULL,
        answers_out INTEGER NOT NULL,
        skipped     INTEGER NOT NULL
    );
",
    // v5: each item's memory state as the whole log folds it (card_state.rs), so a start
    // reads one row per item instead of replaying the year. Derived, never the truth: the
    // stamp names the last answer folded in and the settings folded with, and a missing or
    // different stamp means folding the log again. `phase`: 0 new, 1 learning, 2 review,
    // 3 relearning; `step` the (re)learning step; stability and difficulty NULL before the
    // first answer that moved the schedule.
    "
    CREATE TABLE card_state (
        item           TEXT    PRIMARY KEY,
        phase          INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 3),
        step           INTEGER NOT NULL CHECK (step >= 0),
        stability      REAL,
        difficulty     REAL,
        due_ms         INTEGER NOT NULL,
        last_review_ms INTEGER,
        reps           INTEGER NOT NULL CHECK (reps >= 0),
        lapses         INTEGER NOT NULL CHECK (lapses >= 0),
        leech          INTEGER NOT NULL CHECK (leech IN (0, 1))
    );
    CREATE TABLE card_state_stamp (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        last_log_id INTEGER NOT NULL,
        settings    TEXT    NOT NULL
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
