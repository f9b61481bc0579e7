//! `kubedrill sync DIR`: two (or three) data folders merged through one shared folder.

use kubedrill::srs::{Answer, Mode, Rating, due_queue_decks};
use kubedrill::store::{Flags, LessonProgress, Store, machine_id};
use kubedrill::study::Study;
use std::path::Path;
use std::process::Command;

const DAY: i64 = 86_400_000;
/// 2026-11-23T12:00:00Z.
const T0: i64 = 1_795_435_200_000;

fn answer(item: &str, at_ms: i64, rating: Rating) -> Answer {
    Answer {
        item: item.to_owned(),
        at_ms,
        rating,
        duration_ms: 4_000,
        mode: Mode::Review,
        correct: None,
    }
}

/// A data folder with its store and machine id.
struct Machine {
    dir: tempfile::TempDir,
    id: String,
}

impl Machine {
    fn new() -> Machine {
        let dir = tempfile::tempdir().unwrap();
        let id = machine_id(dir.path()).unwrap();
        Machine { dir, id }
    }
    fn store(&self) -> Store {
        Store::open(self.dir.path()).unwrap().0
    }
    fn sync(&self, folder: &Path, now: i64) -> kubedrill::store::SyncReport {
        self.store().sync(folder, &self.id, now).unwrap()
    }
    /// The log as a sorted list of what each answer says (ids differ between machines).
    fn log(&self) -> Vec<(String, i64, u32, i64, &'static str)> {
        let mut log: Vec<_> = self
            .store()
            .answers()
            .unwrap()
            .into_iter()
            .map(|(_, a)| {
                (
                    a.item,
                    a.at_ms,
                    a.rating.number(),
                    a.duration_ms,
                    a.mode.as_str(),
                )
            })
            .collect();
        log.sort();
        log
    }
    fn study(&self) -> Study {
        Study::load(Some(self.dir.path()), &[]).unwrap()
    }
}

/// Everything two machines must agree on after syncing.
fn assert_same(a: &Machine, b: &Machine, now: i64) {
    let (log_a, log_b) = (a.log(), b.log());
    assert_eq!(log_a, log_b, "the same log");
    let mut unique = log_a.clone();
    unique.dedup();
    assert_eq!(unique.len(), log_a.len(), "every answer exactly once");
    let (sa, sb) = (a.store(), b.store());
    assert_eq!(sa.flags().unwrap(), sb.flags().unwrap(), "the same flags");
    assert_eq!(
        sa.resets().unwrap(),
        sb.resets().unwrap(),
        "the same resets"
    );
    assert_eq!(
        sa.lesson_progress().unwrap(),
        sb.lesson_progress().unwrap(),
        "the same lesson progress"
    );
    assert_eq!(
        sa.drill_results().unwrap(),
        sb.drill_results().unwrap(),
        "the same drills"
    );
    let (study_a, study_b) = (a.study(), b.study());
    assert_eq!(study_a.states, study_b.states, "the same memory states");
    assert_eq!(
        queue(&study_a, now),
        queue(&study_b, now),
        "the same due queue"
    );
}

fn queue(study: &Study, now: i64) -> Vec<String> {
    let items: Vec<String> = study.items().into_iter().map(|i| i.id).collect();
    due_queue_decks(
        &study.states,
        &items,
        &study.suspended(),
        now,
        &study.introduced_today_by_deck(now),
        study.scheduler.config(),
        &study.scheduler,
    )
}

fn items() -> Vec<String> {
    let (library, _) = kubedrill::deck::load_shipped();
    let study = Study {
        library,
        scheduler: Default::default(),
        answers: Vec::new(),
        states: Default::default(),
        flags: Default::default(),
        lessons: Default::default(),
        drills: Vec::new(),
        last_sync: None,
        log_tail: None,
    };
    study.items().into_iter().map(|i| i.id).take(8).collect()
}

#[test]
fn two_machines_syncing_a_b_a_b_end_with_the_same_log_queue_and_flags() {
    let items = items();
    let folder = tempfile::tempdir().unwrap();
    let (a, b) = (Machine::new(), Machine::new());
    assert_ne!(a.id, b.id);
    {
        let mut s = a.store();
        for (n, item) in items[0..3].iter().enumerate() {
            s.record(&answer(item, T0 + n as i64 * 1000, Rating::Good))
                .unwrap();
        }
        s.record(&answer(&items[0], T0 + DAY, Rating::Again))
            .unwrap();
        s.set_flags(
            &items[1],
            Flags {
                suspended: true,
                leech: false,
            },
        )
        .unwrap();
        s.save_lesson_progress(
            "basics/what-is-a-daemonset",
            LessonProgress {
                step: 2,
                completed: false,
            },
            T0,
        )
        .unwrap();
    }
    {
        let mut s = b.store();
        for (n, item) in items[3..6].iter().enumerate() {
            s.record(&answer(item, T0 + 500 + n as i64 * 1000, Rating::Hard))
                .unwrap();
        }
        // Undone before any sync: it never leaves B.
        let id = s
            .record(&answer(&items[6], T0 + 9000, Rating::Easy))
            .unwrap();
        s.undo(id).unwrap();
        s.reset(&items[3], T0 + 2 * DAY).unwrap();
    }
    let now = T0 + 3 * DAY;
    let first = a.sync(folder.path(), now);
    assert_eq!((first.answers_in, first.answers_out), (0, 4));
    let second = b.sync(folder.path(), now);
    assert_eq!((second.answers_in, second.answers_out), (4, 3));
    assert_eq!(second.flags_in, 1, "A's suspension");
    assert_eq!(second.lessons_in, 1);
    let third = a.sync(folder.path(), now);
    assert_eq!((third.answers_in, third.answers_out), (3, 0));
    assert_eq!(third.flags_in, 1, "B's reset");
    let fourth = b.sync(folder.path(), now);
    assert_eq!((fourth.answers_in, fourth.answers_out), (0, 0));
    assert_same(&a, &b, now);
    assert_eq!(a.log().len(), 7);
    // The reset item's answers stay in the log but it is new again, on both machines.
    assert!(!a.study().states.contains_key(&items[3]));
    assert!(a.study().suspended().contains(&items[1]));

    // Syncing again changes nothing, in either order.
    for m in [&b, &a, &a, &b] {
        let again = m.sync(folder.path(), now);
        assert_eq!((again.answers_in, again.answers_out), (0, 0));
    }
    assert_same(&a, &b, now);
    assert_eq!(a.store().last_sync().unwrap().unwrap().at_ms, now);
}

#[test]
fn an_undo_after_an_answer_went_out_reaches_the_other_machine() {
    let items = items();
    let folder = tempfile::tempdir().unwrap();
    let (a, b) = (Machine::new(), Machine::new());
    let id = a
        .store()
        .record(&answer(&items[0], T0, Rating::Good))
        .unwrap();
    a.sync(folder.path(), T0);
    b.sync(folder.path(), T0);
    assert_eq!(b.log().len(), 1);
    assert!(a.store().undo(id).unwrap());
    a.store()
        .record(&answer(&items[0], T0 + 1, Rating::Again))
        .unwrap();
    a.sync(folder.path(), T0);
    let report = b.sync(folder.path(), T0);
    assert_eq!((report.undone_in, report.answers_in), (1, 1));
    assert_same(&a, &b, T0);
    assert_eq!(b.log()[0].2, Rating::Again.number());
}

#[test]
fn the_same_answers_arrive_whatever_order_three_machines_sync_in() {
    let items = items();
    let machines = [Machine::new(), Machine::new(), Machine::new()];
    for (n, m) in machines.iter().enumerate() {
        let mut s = m.store();
        s.record(&answer(&items[n], T0 + n as i64, Rating::Good))
            .unwrap();
        s.record(&answer(&items[7], T0 + 10 + n as i64, Rating::Hard))
            .unwrap();
    }
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for order in [[0, 1, 2, 0, 1], [2, 0, 1, 2, 0]] {
        let folder = if order[0] == 0 { &one } else { &two };
        for i in order {
            machines[i].sync(folder.path(), T0 + DAY);
        }
    }
    // Machines 0 and 1 synced last through the first folder, 2 and 0 through the second;
    // one more round through the second brings 1 and 2 up to date.
    machines[1].sync(two.path(), T0 + DAY);
    machines[2].sync(one.path(), T0 + DAY);
    assert_same(&machines[0], &machines[1], T0 + DAY);
    assert_same(&machines[1], &machines[2], T0 + DAY);
    assert_eq!(machines[0].log().len(), 6);
}

#[test]
fn a_half_written_file_is_skipped_with_a_warning_and_read_next_time() {
    let items = items();
    let (a, b) = (Machine::new(), Machine::new());
    let scratch = tempfile::tempdir().unwrap();
    for (n, item) in items.iter().take(5).enumerate() {
        b.store()
            .record(&answer(item, T0 + n as i64, Rating::Good))
            .unwrap();
    }
    b.sync(scratch.path(), T0);
    let name = format!("kubedrill-{}.jsonl", b.id);
    let whole = std::fs::read(scratch.path().join(&name)).unwrap();
    // A sync tool mid-copy: the file so far ends in the middle of a line.
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join(&name), &whole[..whole.len() * 2 / 3]).unwrap();
    let report = a.sync(folder.path(), T0);
    assert_eq!(report.answers_in, 0);
    assert_eq!(report.skipped.len(), 1);
    let why = &report.skipped[0].why;
    assert!(
        why.contains("cut off") && why.contains("still be copying"),
        "{why}"
    );
    assert!(a.log().is_empty(), "nothing of a cut file is merged");
    std::fs::write(folder.path().join(&name), &whole).unwrap();
    let report = a.sync(folder.path(), T0);
    assert!(report.skipped.is_empty());
    assert_eq!(report.answers_in, 5);
}

#[test]
fn an_answer_lost_from_the_database_comes_back_from_its_own_file() {
    let items = items();
    let folder = tempfile::tempdir().unwrap();
    let a = Machine::new();
    for (n, item) in items.iter().take(3).enumerate() {
        a.store()
            .record(&answer(item, T0 + n as i64, Rating::Good))
            .unwrap();
    }
    a.sync(folder.path(), T0);
    // As a recovery from damage might leave it: one row gone, not by an undo.
    let conn = rusqlite::Connection::open(a.dir.path().join("kubedrill.db")).unwrap();
    conn.execute(
        "DELETE FROM review_log WHERE id = (SELECT min(id) FROM review_log)",
        [],
    )
    .unwrap();
    drop(conn);
    let report = a.sync(folder.path(), T0);
    assert_eq!(report.restored, 1);
    assert_eq!(a.log().len(), 3);
}

#[test]
fn flags_go_by_the_last_writer() {
    let items = items();
    let folder = tempfile::tempdir().unwrap();
    let (a, b) = (Machine::new(), Machine::new());
    let suspended = Flags {
        suspended: true,
        leech: false,
    };
    // A suspends first; B unsuspends later (its own clock): B's wins on both.
    a.store().set_flags(&items[0], suspended).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.store().set_flags(&items[0], Flags::default()).unwrap();
    for m in [&a, &b, &a] {
        m.sync(folder.path(), T0);
    }
    assert_same(&a, &b, T0);
    assert!(a.store().flags().unwrap().is_empty());
}

fn kubedrill(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_says_what_moved_and_warns_about_a_cut_file() {
    let items = items();
    let folder = tempfile::tempdir().unwrap();
    let (a, b) = (Machine::new(), Machine::new());
    for (n, item) in items.iter().take(2).enumerate() {
        a.store()
            .record(&answer(item, T0 + n as i64, Rating::Good))
            .unwrap();
    }
    let f = folder.path().to_str().unwrap();
    let out = kubedrill(a.dir.path(), &["sync", f]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!("synced with {f}: 0 answers in, 2 out\n")),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("machines: this one ({}) and 0 others", &a.id[..8])));
    // A cut file from a third machine is named on stderr; the sync still succeeds.
    let cut = folder
        .path()
        .join("kubedrill-0123456789abcdef0123456789abcdef.jsonl");
    std::fs::write(&cut, "{\"type\":\"header\",\"format\":1,\"machine\":\"0123").unwrap();
    let out = kubedrill(b.dir.path(), &["sync", f]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains(": 2 answers in, 0 out"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "kubedrill: warning: skipped {}: line 1 is cut off (a sync tool may still be copying it); it is read again at the next sync",
            cut.display()
        )),
        "{stderr}"
    );
    // A folder that is not there is an error, not a new folder.
    let out = kubedrill(b.dir.path(), &["sync", "/nonexistent/kubedrill-sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "kubedrill: the sync folder /nonexistent/kubedrill-sync does not exist; create it (or give your Syncthing or Dropbox folder)\n"
    );
}

#[test]
fn two_machines_with_one_id_are_told_apart() {
    let items = items();
    let folder = tempfile::tempdir().unwrap();
    let a = Machine::new();
    // A copy of A's data folder, before either has synced: same machine id, and each then
    // answers something of its own.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        a.dir.path().join("machine-id"),
        copy.path().join("machine-id"),
    )
    .unwrap();
    let b = Machine {
        id: machine_id(copy.path()).unwrap(),
        dir: copy,
    };
    assert_eq!(a.id, b.id);
    a.store()
        .record(&answer(&items[0], T0, Rating::Good))
        .unwrap();
    b.store()
        .record(&answer(&items[1], T0, Rating::Good))
        .unwrap();
    assert!(!a.sync(folder.path(), T0).shared_id);
    // B numbers its answer after reading the file, so it takes number 2: nothing clashes yet.
    assert!(!b.sync(folder.path(), T0).shared_id);
    assert_eq!(a.sync(folder.path(), T0).restored, 1);
    // Numbers are given after the file is read, so one after the other the two act as one
    // machine. A sync tool that has not yet copied A's latest file to B's side, though, lets
    // both give the next number to different answers; once it copies A's version over B's,
    // B finds the clash.
    let behind = tempfile::tempdir().unwrap();
    let name = format!("kubedrill-{}.jsonl", a.id);
    std::fs::copy(folder.path().join(&name), behind.path().join(&name)).unwrap();
    a.store()
        .record(&answer(&items[2], T0 + 1, Rating::Good))
        .unwrap();
    b.store()
        .record(&answer(&items[3], T0 + 1, Rating::Good))
        .unwrap();
    assert!(!a.sync(folder.path(), T0).shared_id);
    assert!(!b.sync(behind.path(), T0).shared_id);
    std::fs::copy(folder.path().join(&name), behind.path().join(&name)).unwrap();
    assert!(b.sync(behind.path(), T0).shared_id);
}
