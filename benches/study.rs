//! A synthetic year of study: 100,000 answers over 400 items in 10 decks, logged in a real
//! `kubedrill.db`, and what the app does with it: load the log, replay it, build the due queue,
//! compute the stats. `benches/study-compare.sh` times `sqlite3` merely reading the same log in
//! the same run and prints the ratios (target: at most 3x).
//!
//! The history is derived from a fixed-seed xorshift generator, so every run logs the same
//! answers. It is seeded once through `Store::record` (the app's own write path) into
//! `target/bench-fixtures/study/kubedrill.db` (or `$STUDY_FIXTURE_DIR`) and reused while it
//! holds exactly the generated answers. `STUDY_SEED_ONLY=1` seeds (or checks) the fixture and
//! exits without benchmarking. Run as a test (`cargo test --benches`, `-- --test`), a 2,000-answer
//! history in a temporary folder is used instead, so that the check stays quick.

#[path = "history.rs"]
mod history;

use kubedrill::srs::{Answer, Scheduler, due_queue, moves_schedule};
use kubedrill::stats::{self, ItemInfo, day_of};
use kubedrill::store::Store;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The size of the history the target is stated for.
const ANSWERS: usize = 100_000;
/// The history used when the benchmarks run once as tests.
const TEST_ANSWERS: usize = 2_000;
const DECKS: usize = 10;
const CARDS_PER_DECK: usize = 40;
/// The end of the year: 2026-11-23T18:00:00Z. Every answer is logged before it.
const NOW_MS: i64 = 1_795_456_800_000;
/// The generator's seed: any fixed value gives a fixed history.
const SEED: u64 = 0x7374_7564_7921_2026;

/// The log the benchmarks read, set up by `main` before divan runs.
struct Fixture {
    dir: PathBuf,
    answers: usize,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    if flag("--list") {
        return divan::main();
    }
    // Divan benchmarks only with `--bench` and without `--test`; otherwise it runs each once.
    let full = flag("--bench") && !flag("--test") || std::env::var_os("STUDY_SEED_ONLY").is_some();
    let _temp; // keeps the test history's folder until the run ends
    let fixture = if full {
        let dir = std::env::var_os("STUDY_FIXTURE_DIR").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-fixtures/study"),
            PathBuf::from,
        );
        ensure_fixture(&dir, ANSWERS);
        Fixture {
            dir,
            answers: ANSWERS,
        }
    } else {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("study");
        _temp = temp;
        ensure_fixture(&dir, TEST_ANSWERS);
        Fixture {
            dir,
            answers: TEST_ANSWERS,
        }
    };
    if std::env::var_os("STUDY_SEED_ONLY").is_some() {
        println!("{}", fixture.dir.display());
        return;
    }
    FIXTURE.get_or_init(|| fixture);
    divan::main();
}

/// The curriculum: `deck-<d>/card-<c>`, deck by deck.
fn items() -> Vec<ItemInfo> {
    (0..DECKS)
        .flat_map(|d| {
            (0..CARDS_PER_DECK).map(move |c| ItemInfo {
                id: format!("deck-{d}/card-{c}"),
                deck: format!("deck-{d}"),
            })
        })
        .collect()
}

/// The synthetic year over this benchmark's curriculum.
fn history(n: usize) -> Vec<Answer> {
    let ids: Vec<String> = items().into_iter().map(|i| i.id).collect();
    history::history(n, &ids, NOW_MS, SEED)
}

/// The log as the app reads it: `Store::answers` without the row ids.
fn load(store: &Store) -> Vec<Answer> {
    store
        .answers()
        .expect("the log reads")
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

/// Makes `<dir>/kubedrill.db` hold exactly `history(n)`: reused when it does, else seeded into
/// a side folder through `Store::record` and renamed into place, so an interrupted seeding
/// never leaves a half-filled fixture behind.
fn ensure_fixture(dir: &Path, n: usize) {
    let expected = history(n);
    if dir.exists() {
        let reusable = Store::open(dir).is_ok_and(|(store, _)| {
            store.answer_count().is_ok_and(|c| c == n as i64) && load(&store) == expected
        });
        if reusable {
            return;
        }
        eprintln!(
            "study: {} does not hold the expected history; seeding it again",
            dir.display()
        );
        std::fs::remove_dir_all(dir).expect("remove the stale fixture");
    }
    let side = dir.with_extension("seeding");
    if side.exists() {
        std::fs::remove_dir_all(&side).expect("remove an interrupted seeding");
    }
    eprintln!(
        "study: seeding {n} answers into {} (once; one transaction per answer)",
        dir.display()
    );
    let started = std::time::Instant::now();
    {
        let (mut store, _) = Store::open(&side).expect("create the fixture database");
        for a in &expected {
            store.record(a).expect("record an answer");
        }
        assert_eq!(
            load(&store),
            expected,
            "the seeded log reads back as written"
        );
    }
    std::fs::rename(&side, dir).expect("move the seeded fixture into place");
    eprintln!("study: seeded in {:.1?}", started.elapsed());
}

fn fixture() -> &'static Fixture {
    FIXTURE.get().expect("main sets up the fixture")
}

fn open() -> Store {
    Store::open(&fixture().dir).expect("open the fixture").0
}

/// Items whose first schedule-moving answer was today (UTC), as the app counts them against the
/// daily limit of new items.
fn new_introduced_today(answers: &[Answer], now_ms: i64) -> u32 {
    let today = day_of(now_ms);
    let mut first: HashMap<&str, i64> = HashMap::new();
    for a in answers.iter().filter(|a| moves_schedule(a.mode, a.rating)) {
        first.entry(a.item.as_str()).or_insert(a.at_ms);
    }
    first.values().filter(|&&at| day_of(at) == today).count() as u32
}

fn due_now(
    answers: &[Answer],
    states: &HashMap<String, kubedrill::srs::CardState>,
    ids: &[String],
    sched: &Scheduler,
) -> Vec<String> {
    due_queue(
        states,
        ids,
        &HashSet::new(),
        NOW_MS,
        new_introduced_today(answers, NOW_MS),
        sched.config(),
        sched,
    )
}

/// Opening the database as every command does (it runs SQLite's full integrity_check), for
/// reference.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_store(bencher: divan::Bencher) {
    bencher.bench_local(open);
}

/// What the app does at start: `Store::answers()`, the whole log in time order.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_log(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| {
        let log = store.answers().expect("the log reads");
        assert_eq!(log.len(), fixture().answers);
        log
    });
}

/// What is due now: load the log, replay it, build the due queue over all 400 items.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn due_queue_from_log(bencher: divan::Bencher) {
    let store = open();
    let sched = Scheduler::default();
    let ids: Vec<String> = items().into_iter().map(|i| i.id).collect();
    bencher.bench_local(|| {
        let answers = load(&store);
        let states = sched.replay(&answers);
        due_now(&answers, &states, &ids, &sched)
    });
}

/// The stats: load the log, replay it, `stats::compute`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn stats_from_log(bencher: divan::Bencher) {
    let store = open();
    let sched = Scheduler::default();
    let items = items();
    bencher.bench_local(|| {
        let answers = load(&store);
        let states = sched.replay(&answers);
        let stats = stats::compute(
            &answers,
            &[],
            &states,
            &items,
            &HashSet::new(),
            &sched,
            NOW_MS,
        );
        assert_eq!(stats.total_answers, fixture().answers);
        stats
    });
}

/// The replay alone, on the log already in memory.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn replay_only(bencher: divan::Bencher) {
    let answers = load(&open());
    let sched = Scheduler::default();
    bencher.bench_local(|| sched.replay(&answers));
}

/// The due queue alone, on states already replayed (including the count of today's new items).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn due_queue_only(bencher: divan::Bencher) {
    let answers = load(&open());
    let sched = Scheduler::default();
    let states = sched.replay(&answers);
    let ids: Vec<String> = items().into_iter().map(|i| i.id).collect();
    bencher.bench_local(|| due_now(&answers, &states, &ids, &sched));
}

/// `stats::compute` alone, on the log and states already in memory.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn stats_only(bencher: divan::Bencher) {
    let answers = load(&open());
    let sched = Scheduler::default();
    let states = sched.replay(&answers);
    let items = items();
    bencher.bench_local(|| {
        stats::compute(
            &answers,
            &[],
            &states,
            &items,
            &HashSet::new(),
            &sched,
            NOW_MS,
        )
    });
}

/// Baseline in the same process: SQLite stepping through the same query, every column looked
/// at, nothing decoded or allocated.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn baseline_sqlite_scan(bencher: divan::Bencher) {
    let conn = rusqlite::Connection::open_with_flags(
        fixture().dir.join(kubedrill::store::DB_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the fixture read-only");
    bencher.bench_local(|| {
        let mut stmt = conn
            .prepare_cached("SELECT id, item, at_ms, rating, duration_ms, mode, correct FROM review_log ORDER BY at_ms, id")
            .expect("prepare");
        let mut rows = stmt.query([]).expect("query");
        let (mut n, mut bytes) = (0usize, 0usize);
        while let Some(row) = rows.next().expect("step") {
            for c in 0..7 {
                bytes += match row.get_ref(c).expect("column") {
                    rusqlite::types::ValueRef::Text(t) => t.len(),
                    _ => 1,
                };
            }
            n += 1;
        }
        assert_eq!(n, fixture().answers);
        bytes
    });
}
