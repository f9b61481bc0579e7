//! Databases for the data-safety tests: one seeded with known answers, and the damage that
//! `quick_check` misses (a row changed under its index entry).
#![allow(dead_code)]

use kubedrill::srs::{Answer, Mode, Rating};
use kubedrill::store::Store;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// The answer with log id `i` in a seeded database.
pub fn answer(i: i64) -> Answer {
    Answer {
        item: format!("deck/card-{:04}-with-a-longer-id", i % 97),
        at_ms: 1_700_000_000_000 + i * 60_000,
        rating: Rating::from_number(1 + i % 4).unwrap(),
        duration_ms: 1000 + i,
        mode: Mode::Review,
        correct: None,
    }
}

/// A database of the current schema holding `n` answers (ids 1..=n), a flag, a drill result
/// and a lesson place, closed (its WAL folded into the main file).
pub fn seeded(dir: &Path, n: i64) {
    let (mut store, _) = Store::open(dir).unwrap();
    store
        .set_flags(
            "deck/card-0001-with-a-longer-id",
            kubedrill::store::Flags {
                suspended: true,
                leech: true,
            },
        )
        .unwrap();
    drop(store);
    let mut conn = Connection::open(dir.join("kubedrill.db")).unwrap();
    let tx = conn.transaction().unwrap();
    for i in 1..=n {
        let a = answer(i);
        tx.execute(
            "INSERT INTO review_log (id, item, at_ms, rating, duration_ms, mode, correct) VALUES (?1, ?2, ?3, ?4, ?5, 'review', NULL)",
            rusqlite::params![i, a.item, a.at_ms, a.rating.number(), a.duration_ms],
        )
        .unwrap();
    }
    tx.execute(
        "INSERT INTO drill_results (at_ms, seed, difficulty, kind, rule_hits) VALUES (1, 7, 'easy', 'predict', '{\"R5\":[2,1]}')",
        [],
    )
    .unwrap();
    tx.execute(
        "INSERT INTO lesson_progress (lesson, step, completed, at_ms) VALUES ('d/l', 2, 0, 1)",
        [],
    )
    .unwrap();
    tx.commit().unwrap();
}

/// Changes one row's item in the table's leaf page, not in its index entry, so that only the
/// full `integrity_check` finds it ("row N missing from index review_log_by_item").
pub fn break_index(db: &Path) {
    // Same length, so the page stays well formed. The item must be in a live cell (a page's free space can hold
    // stale copies): its text starts a few bytes after one of the page's cell pointers.
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let leaves: Vec<i64> = conn
        .prepare("SELECT pageno FROM dbstat WHERE name = 'review_log' AND pagetype = 'leaf'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(db).unwrap();
    let needle = b"deck/card-0042-with-a-longer-id";
    let at = leaves
        .iter()
        .find_map(|page| {
            let start = (*page as usize - 1) * 4096;
            let page_bytes = &bytes[start..start + 4096];
            let cells = u16::from_be_bytes([page_bytes[3], page_bytes[4]]) as usize;
            (0..cells).find_map(|k| {
                let ptr = u16::from_be_bytes([page_bytes[8 + 2 * k], page_bytes[9 + 2 * k]]);
                let ptr = ptr as usize;
                (ptr..ptr + 16)
                    .find(|&o| page_bytes[o..].starts_with(needle))
                    .map(|o| start + o)
            })
        })
        .expect("the item is in a live cell of a table page");
    bytes[at + 5] = b'k'; // "deck/kard-0042..."
    std::fs::write(db, bytes).unwrap();
}
