//! Fitting FSRS parameters to the review log: the training items, the refusal below the
//! crate's minimum, and `kubedrill optimize` end to end.

use kubedrill::srs::{Answer, DAY_MS, Mode, Rating, training_items};
use kubedrill::store::Store;
use std::process::Command;

fn a(item: &str, at_ms: i64, rating: Rating, mode: Mode) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 2000,
        mode,
        correct: None,
    }
}

#[test]
fn training_items_are_history_prefixes_with_whole_days() {
    let t = 1_700_000_000_000;
    let log = vec![
        a("d/x", t, Rating::Good, Mode::Review),
        a("d/x", t + 3 * DAY_MS + 5, Rating::Again, Mode::Review),
        a("d/x", t + 3 * DAY_MS + 600_000, Rating::Good, Mode::Cram), // cram: not a review
        a("d/x", t + 10 * DAY_MS, Rating::Good, Mode::Review),
    ];
    let items = training_items(&log);
    let shape: Vec<Vec<(u32, u32)>> = items
        .iter()
        .map(|i| i.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
        .collect();
    assert_eq!(
        shape,
        vec![vec![(3, 0), (1, 3)], vec![(3, 0), (1, 3), (3, 6)]]
    );
}

/// A deterministic history: `items` items, each reviewed `reviews` times a few days apart.
fn history(items: usize, reviews: usize) -> Vec<Answer> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::new();
    let start = 1_700_000_000_000;
    for i in 0..items {
        let mut t = start + i as i64 * 3_600_000;
        for r in 0..reviews {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let rating = match x % 10 {
                0 | 1 => Rating::Again,
                2 => Rating::Hard,
                9 => Rating::Easy,
                _ => Rating::Good,
            };
            out.push(a(&format!("d/item-{i}"), t, rating, Mode::Review));
            t += (1 + r as i64 * 2 + (x % 3) as i64) * DAY_MS;
        }
    }
    out.sort_by_key(|a| a.at_ms);
    out
}

fn seeded(answers: &[Answer]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(dir.path()).unwrap();
    for a in answers {
        store.record(a).unwrap();
    }
    dir
}

#[test]
fn too_little_history_is_refused_clearly() {
    let dir = seeded(&history(2, 3));
    let out = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .env("KUBEDRILL_DATA_DIR", dir.path())
        .arg("optimize")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "kubedrill: not enough history to optimize: FSRS needs at least 8 reviews made a day or more after the previous review of the same item; the log has 4\n"
    );
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(store.parameters().unwrap(), None, "nothing saved");
}

#[test]
fn optimize_fits_saves_and_reports_log_loss() {
    let dir = seeded(&history(60, 6));
    let out = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .env("KUBEDRILL_DATA_DIR", dir.path())
        .arg("optimize")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with("trained on 300 reviews\nlog loss: "),
        "{text}"
    );
    let losses: Vec<f32> = text
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    assert_eq!(losses.len(), 2, "{text}");
    assert!(
        losses.iter().all(|l| l.is_finite() && *l > 0.0),
        "{losses:?}"
    );
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(store.parameters().unwrap().expect("saved").len(), 21);
}
