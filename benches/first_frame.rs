//! Launch to first frame of the terminal app with the shipped decks and a year of history
//! (DESIGN §7 "Fast": first frame under 50 ms; issue 17: at most 30 ms with a year of history,
//! measured against the empty-data start in the same run), in process:
//! `Study::load_for_app` (shipped decks, store with its integrity check left running on a second
//! thread, the kept memory states and the end of the log), `App::new(ctx, Start::Home)` (Home's
//! due and new counts per deck) and one draw into an 80x24 `TestBackend`, together and each
//! alone, plus the parts of the load for the breakdown. Beside it, in the same run: the same
//! start on an empty data folder (`first_frame_empty`, the baseline) and with the kept states
//! dropped (`first_frame_folding_the_log`: the whole log read and replayed through FSRS, as
//! every start did before they were kept). `benches/first-frame.sh` times the real binary under
//! a pseudo-terminal on the same fixture.
//!
//! The history is the one of `benches/study.rs` (a fixed-seed xorshift generator: 100,000 answers
//! over a year, items introduced gradually in curriculum order) but over the shipped decks' real
//! item ids (cards and cloze gaps; table cells belong to quizzes), so that Home's counts are
//! realistic. It is written once, in one rusqlite transaction straight into the `review_log`
//! table of a database `Store::open` created (one transaction per answer, as `Store::record`
//! does with synchronous=FULL, would take tens of seconds), into
//! `target/bench-fixtures/first-frame/kubedrill.db` (or `$FIRST_FRAME_FIXTURE_DIR`), loaded once
//! so that its memory states are kept, and reused while it holds exactly the generated answers.
//! `FIRST_FRAME_SEED_ONLY=1` seeds (or checks) the fixture, prints its folder and exits. Run as a
//! test (`cargo test --benches`, `-- --test`), a 2,000-answer history in a temporary folder is
//! used instead.
//!
//! The year ends at the last 18:00 UTC before the run (`end_of_year`) and the app is given the
//! wall clock, as the binary uses it: the end of the log it reads at start is a daily learner's.

#[path = "history.rs"]
mod history;

use kubedrill::deck::{ItemKind, Origin, SHIPPED, load_library};
use kubedrill::placement::FeatureGates;
use kubedrill::srs::{Answer, CardState, DAY_MS, HOUR_MS, moves_schedule, whole_days_between};
use kubedrill::store::{CheckState, DB_FILE, Store};
use kubedrill::study::Study;
use kubedrill::tui::app::Context;
use kubedrill::tui::screens::home::HomeScreen;
use kubedrill::tui::{App, Start, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The size of the history the target is stated for.
const ANSWERS: usize = 100_000;
/// The history used when the benchmarks run once as tests.
const TEST_ANSWERS: usize = 2_000;
/// The end of the year: the last 18:00 UTC before the benchmark starts, so that the history
/// ends today or yesterday as a daily learner's does (the app reads the wall clock: a history
/// that ended weeks ago would make the end of the log it reads at start empty). The fixture is
/// seeded again when that day changes.
fn end_of_year() -> i64 {
    static END: OnceLock<i64> = OnceLock::new();
    *END.get_or_init(|| {
        let wall = kubedrill::store::now_ms();
        let evening = wall.div_euclid(DAY_MS) * DAY_MS + 18 * HOUR_MS;
        if evening <= wall {
            evening
        } else {
            evening - DAY_MS
        }
    })
}
/// The generator's seed: any fixed value gives a fixed history.
const SEED: u64 = 0x6669_7273_7466_7261;
/// The terminal size the app is laid out for (DESIGN §7).
const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

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
    let seed_only = std::env::var_os("FIRST_FRAME_SEED_ONLY").is_some();
    // Divan benchmarks only with `--bench` and without `--test`; otherwise it runs each once.
    let full = flag("--bench") && !flag("--test") || seed_only;
    let _temp; // keeps the test history's folder until the run ends
    let fixture = if full {
        let dir = std::env::var_os("FIRST_FRAME_FIXTURE_DIR").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-fixtures/first-frame"),
            PathBuf::from,
        );
        ensure_fixture(&dir, ANSWERS);
        Fixture {
            dir,
            answers: ANSWERS,
        }
    } else {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("first-frame");
        _temp = temp;
        ensure_fixture(&dir, TEST_ANSWERS);
        Fixture {
            dir,
            answers: TEST_ANSWERS,
        }
    };
    if seed_only {
        println!("{}", fixture.dir.display());
        return;
    }
    FIXTURE.get_or_init(|| fixture);
    divan::main();
}

/// The shipped curriculum: every reviewable item id (cards and cloze gaps, no table cells) of
/// the shipped decks, deck by deck in file order, as `Study::items` lists them.
fn items() -> Vec<String> {
    let sources = SHIPPED
        .iter()
        .map(|(path, text)| (Origin::Shipped((*path).to_owned()), (*text).to_owned()))
        .collect();
    let (library, warnings) = load_library(sources);
    assert!(warnings.is_empty(), "the shipped decks load: {warnings:?}");
    let ids: Vec<String> = library
        .decks
        .iter()
        .flat_map(|d| d.items())
        .filter(|i| i.kind != ItemKind::TableCell)
        .map(|i| i.id)
        .collect();
    assert!(ids.len() >= 20, "the shipped decks have items");
    ids
}

/// The synthetic year (`benches/history.rs`) over the shipped items.
fn history(n: usize, items: &[String]) -> Vec<Answer> {
    history::history(n, items, end_of_year(), SEED)
}

/// The log as the app reads it: `Store::answers` without the row ids.
fn read_log(store: &Store) -> Vec<Answer> {
    store
        .answers()
        .expect("the log reads")
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

/// Makes `<dir>/kubedrill.db` hold exactly `history(n)` and nothing else: reused when it
/// does, else seeded into a side folder and renamed into place, so an interrupted seeding never
/// leaves a half-filled fixture behind.
fn ensure_fixture(dir: &Path, n: usize) {
    let items = items();
    let expected = history(n, &items);
    if dir.exists() {
        let reusable = Store::open(dir).is_ok_and(|(store, _)| {
            store.answer_count().is_ok_and(|c| c == n as i64) && read_log(&store) == expected
        });
        if reusable {
            keep_states(dir);
            return;
        }
        eprintln!(
            "first_frame: {} does not hold the expected history; seeding it again",
            dir.display()
        );
        std::fs::remove_dir_all(dir).expect("remove the stale fixture");
    }
    let side = dir.with_extension("seeding");
    if side.exists() {
        std::fs::remove_dir_all(&side).expect("remove an interrupted seeding");
    }
    eprintln!(
        "first_frame: seeding {n} answers over {} shipped items into {} (once)",
        items.len(),
        dir.display()
    );
    let started = std::time::Instant::now();
    {
        // `Store::open` creates the schema; the rows go in with the same INSERT as
        // `Store::record`, all in one transaction.
        drop(Store::open(&side).expect("create the fixture database"));
        let mut conn =
            rusqlite::Connection::open(side.join(DB_FILE)).expect("open the fixture database");
        let tx = conn.transaction().expect("begin");
        {
            let mut insert = tx
                .prepare("INSERT INTO review_log (item, at_ms, rating, duration_ms, mode, correct) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .expect("prepare the insert");
            for a in &expected {
                insert
                    .execute(rusqlite::params![
                        a.item,
                        a.at_ms,
                        a.rating.number(),
                        a.duration_ms,
                        a.mode.as_str(),
                        a.correct
                    ])
                    .expect("insert an answer");
            }
        }
        tx.commit().expect("commit");
        drop(conn);
        let (store, _) = Store::open(&side).expect("reopen the fixture");
        assert_eq!(
            read_log(&store),
            expected,
            "the seeded log reads back as written"
        );
    }
    std::fs::rename(&side, dir).expect("move the seeded fixture into place");
    keep_states(dir);
    eprintln!("first_frame: seeded in {:.1?}", started.elapsed());
}

/// One load of the whole study, which folds the log and keeps the memory states if they are
/// not kept yet (the fixture is written straight into the log).
fn keep_states(dir: &Path) {
    Study::load(Some(dir), &[]).expect("the fixture loads");
}

fn fixture() -> &'static Fixture {
    FIXTURE.get().expect("main sets up the fixture")
}

/// What the commands that print do first: decks, store after its full integrity check, log,
/// replay. No extra deck folders (a user's config folder of decks, if any, is read as the
/// binary would).
fn load() -> Study {
    let study = Study::load(Some(&fixture().dir), &[]).expect("the study loads");
    assert_eq!(study.answers.len(), fixture().answers);
    study
}

/// The store of an app's load, whose integrity check still runs: dropped (outside the timed
/// part, divan drops returned values after measuring) only once the check is done, so that
/// one run's check never overlaps the next run.
struct Checking(Store);

impl Drop for Checking {
    fn drop(&mut self) {
        assert!(matches!(self.0.wait_for_check(), CheckState::Sound));
    }
}

/// What the app does before its first frame: decks, store (its integrity check left running
/// on a second thread), log, replay.
fn load_for_app() -> (Study, Checking) {
    load_for_app_from(&fixture().dir, fixture().answers)
}

/// `load_for_app` on a data folder holding `answers` answers: with kept memory states, the
/// study holds only the end of the log (the rest is read after the first frame).
fn load_for_app_from(dir: &Path, answers: usize) -> (Study, Checking) {
    let loaded = Study::load_for_app(Some(dir), &[]).expect("the study loads");
    match loaded.study.log_tail {
        Some(tail) => assert!(
            loaded
                .study
                .answers
                .iter()
                .all(|a| a.at_ms >= tail.since_ms)
        ),
        None => assert_eq!(loaded.study.answers.len(), answers),
    }
    (loaded.study, Checking(loaded.store))
}

/// Drops the fixture copy's kept memory states, so that its next start folds the whole log
/// (as the first start after an upgrade, `optimize` or a sync does).
fn forget_kept_states(dir: &Path) {
    rusqlite::Connection::open(dir.join(DB_FILE))
        .and_then(|c| c.execute("DELETE FROM card_state_stamp", []))
        .expect("drop the stamp");
}

fn context(study: Study) -> Context {
    Context {
        study,
        theme: Theme { color: true },
        gates: FeatureGates::default(),
        seed: 42,
        now_ms: kubedrill::store::now_ms(),
        notices: Vec::new(),
    }
}

fn home(study: Study) -> App {
    App::new(context(study), Start::Home).expect("Home opens")
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

/// One full frame on a fresh terminal (its previous buffer is empty, as on a real first draw).
fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draw");
}

/// The app's whole path: load (the integrity check left running in the background), Home,
/// one frame. Checks the frame is Home with its deck table.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn first_frame(bencher: divan::Bencher) {
    bencher.bench_local(|| first_frame_from(&fixture().dir, fixture().answers));
}

/// The same with the kept memory states dropped before each run: the start folds the whole
/// log through FSRS and keeps the result (the first start after an upgrade, `optimize` or a
/// sync; every start before the states were kept).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn first_frame_folding_the_log(bencher: divan::Bencher) {
    let copy = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(&fixture().dir).expect("the fixture") {
        let entry = entry.expect("a fixture file");
        std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copy");
    }
    bencher
        .with_inputs(|| forget_kept_states(copy.path()))
        .bench_local_values(|()| first_frame_from(copy.path(), fixture().answers));
}

/// The baseline: the same start on an empty data folder (process-free: decks, store, Home,
/// one frame), the fixed cost every start pays.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn first_frame_empty(bencher: divan::Bencher) {
    let empty = tempfile::tempdir().expect("a temporary folder");
    bencher.bench_local(|| first_frame_from(empty.path(), 0));
}

/// Load, Home, one frame on a fresh terminal; checks the frame is Home with its deck table.
fn first_frame_from(dir: &Path, answers: usize) -> (App, Checking) {
    let (study, store) = load_for_app_from(dir, answers);
    let app = home(study);
    let mut terminal = terminal();
    draw(&app, &mut terminal);
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Home") && screen.contains("DECK"));
    (app, store)
}

/// `Study::load_for_app` alone.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn load_for_app_only(bencher: divan::Bencher) {
    bencher.bench_local(load_for_app);
}

/// `Study::load` alone (the commands' path: it waits for the full integrity check).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn load_only(bencher: divan::Bencher) {
    bencher.bench_local(load);
}

/// `App::new(ctx, Start::Home)` alone, on a study already loaded (a fresh one each time: the
/// app takes it).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn app_new_only(bencher: divan::Bencher) {
    bencher.with_inputs(load).bench_local_values(home);
}

/// One frame of Home on a fresh 80x24 terminal, the app already built.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn draw_only(bencher: divan::Bencher) {
    let app = home(load());
    bencher
        .with_inputs(terminal)
        .bench_local_refs(|terminal| draw(&app, terminal));
}

/// The breakdown of the load and of Home, each on its own.
mod parts {
    use super::*;

    /// Parsing and validating the shipped decks (`load_library` on `SHIPPED`).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn shipped_decks(bencher: divan::Bencher) {
        bencher.bench_local(|| {
            let sources = SHIPPED
                .iter()
                .map(|(path, text)| (Origin::Shipped((*path).to_owned()), (*text).to_owned()))
                .collect();
            load_library(sources)
        });
    }

    /// `Store::open` (with SQLite's full integrity_check and the schema check).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn store_open(bencher: divan::Bencher) {
        bencher.bench_local(|| Store::open(&fixture().dir).expect("open the fixture"));
    }

    /// `Store::answers()`: the whole log in time order, decoded.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn read_log(bencher: divan::Bencher) {
        let store = Store::open(&fixture().dir).expect("open the fixture").0;
        bencher.bench_local(|| store.answers().expect("the log reads"));
    }

    /// The FSRS replay of the whole log, already in memory.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn replay(bencher: divan::Bencher) {
        let study = load();
        bencher.bench_local(|| study.scheduler.replay(&study.answers));
    }

    /// The replay as `Scheduler::replay` does it but without cloning the item id for every
    /// answer (`get_mut` first, the id cloned once per item): how much of `replay` is the
    /// clone, the rest being FSRS.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn replay_without_id_clones(bencher: divan::Bencher) {
        let study = load();
        let sched = &study.scheduler;
        let replay = || {
            let mut states: HashMap<String, CardState> = HashMap::new();
            for a in &study.answers {
                match states.get_mut(&a.item) {
                    Some(state) => *state = sched.apply(state, a),
                    None => {
                        let state = sched.apply(&CardState::default(), a);
                        states.insert(a.item.clone(), state);
                    }
                }
            }
            states
        };
        assert_eq!(
            replay(),
            study.states,
            "the same states as `Scheduler::replay`"
        );
        bencher.bench_local(replay);
    }

    /// Of `replay`: the FSRS calls alone, as `Scheduler::remember` makes them, for every
    /// schedule-moving answer of the log: `next_states` (all four grades' memory and interval,
    /// one of which is kept).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn fsrs_next_states(bencher: divan::Bencher) {
        let steps = fsrs_steps();
        let fsrs = fsrs::FSRS::new(&[]).expect("the default parameters");
        bencher.bench_local(|| {
            steps
                .iter()
                .map(|s| {
                    let next = fsrs.next_states(s.memory, 0.9, s.elapsed).expect("finite");
                    chosen(next, s.rating).interval
                })
                .sum::<f32>()
        });
    }

    /// The same answers, only the grade given: `memory_state` over that one review from the
    /// current memory, then `next_interval` (the same results, checked first).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn fsrs_one_grade(bencher: divan::Bencher) {
        let steps = fsrs_steps();
        let fsrs = fsrs::FSRS::new(&[]).expect("the default parameters");
        let one = |s: &FsrsStep| {
            let review = fsrs::FSRSReview {
                rating: s.rating,
                delta_t: s.elapsed,
            };
            let item = fsrs::FSRSItem {
                reviews: vec![review],
            };
            let memory = fsrs.memory_state(item, s.memory).expect("finite");
            let interval = fsrs.next_interval(Some(memory.stability), 0.9, s.rating);
            (memory, interval)
        };
        for s in &steps {
            let next = fsrs.next_states(s.memory, 0.9, s.elapsed).expect("finite");
            let want = chosen(next, s.rating);
            let (memory, interval) = one(s);
            assert_eq!((memory, interval), (want.memory, want.interval), "{s:?}");
        }
        bencher.bench_local(|| steps.iter().map(|s| one(s).1).sum::<f32>());
    }

    /// The outcome for the grade given, as `Scheduler::remember` picks it.
    fn chosen(next: fsrs::NextStates, rating: u32) -> fsrs::ItemState {
        match rating {
            1 => next.again,
            2 => next.hard,
            3 => next.good,
            _ => next.easy,
        }
    }

    /// One FSRS call of the replay: the memory before, the whole days since the item's previous
    /// schedule-moving answer, the grade.
    #[derive(Debug)]
    struct FsrsStep {
        memory: Option<fsrs::MemoryState>,
        elapsed: u32,
        rating: u32,
    }

    /// The FSRS calls of the replay of the fixture's log (memories as FSRS computes them).
    fn fsrs_steps() -> Vec<FsrsStep> {
        let study = load();
        let fsrs = fsrs::FSRS::new(&[]).expect("the default parameters");
        let mut last: HashMap<&str, (fsrs::MemoryState, i64)> = HashMap::new();
        let mut out = Vec::new();
        for a in &study.answers {
            if !moves_schedule(a.mode, a.rating) {
                continue;
            }
            let before = last.get(a.item.as_str()).copied();
            let step = FsrsStep {
                memory: before.map(|(m, _)| m),
                elapsed: before.map_or(0, |(_, at)| whole_days_between(at, a.at_ms)),
                rating: a.rating.number(),
            };
            let next = fsrs
                .next_states(step.memory, 0.9, step.elapsed)
                .expect("finite");
            let memory = chosen(next, step.rating).memory;
            last.insert(&a.item, (memory, a.at_ms));
            out.push(step);
        }
        out
    }

    /// SQLite stepping through `Store::answers`' query (the time index, then a seek into the
    /// table for every row), every column looked at, nothing decoded or allocated.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn sqlite_scan_by_time(bencher: divan::Bencher) {
        scan("ORDER BY at_ms, id", bencher);
    }

    /// The same in rowid order: a plain table scan. Answers are appended in time order, so the
    /// rows come out sorted (or nearly: a stable sort by time in Rust would finish the job).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn sqlite_scan_by_rowid(bencher: divan::Bencher) {
        scan("ORDER BY id", bencher);
    }

    fn scan(order: &str, bencher: divan::Bencher) {
        let conn = rusqlite::Connection::open_with_flags(
            fixture().dir.join(DB_FILE),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open the fixture read-only");
        let query = format!(
            "SELECT id, item, at_ms, rating, duration_ms, mode, correct FROM review_log {order}"
        );
        bencher.bench_local(|| {
            let mut stmt = conn.prepare_cached(&query).expect("prepare");
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

    /// `HomeScreen::new`: the per-deck and overall due and new counts, today's answers, the
    /// streak, the lessons (what `App::new` does for Home).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn home_screen(bencher: divan::Bencher) {
        let ctx = context(load());
        bencher.bench_local(|| HomeScreen::new(&ctx));
    }

    /// Of `home_screen`: the count of items first met today, over the whole log.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn home_new_introduced_today(bencher: divan::Bencher) {
        let study = load();
        bencher.bench_local(|| study.new_introduced_today(kubedrill::store::now_ms()));
    }

    /// Of `home_screen`: today's answers and the streak, over the whole log.
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn home_today_and_streak(bencher: divan::Bencher) {
        let study = load();
        bencher.bench_local(|| study.today_and_streak(kubedrill::store::now_ms()));
    }
}
