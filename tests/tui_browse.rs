//! The card browser: snapshots at 80x24 and 60x16 (the list, the query line with an error, a
//! sorted list, the preview, the reset question), and what each key does to the app and asks
//! of the store.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::browse::{Column, RowState};
use kubedrill::deck::{Library, LoadWarning, Origin, load_library, shipped_sources};
use kubedrill::srs::{Answer, DAY_MS, Mode, Phase, Rating};
use kubedrill::store::Flags;
use kubedrill::study::Study;
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::screens::browse::{BrowseScreen, Pane};
use kubedrill::tui::{Edge, Effect, Start};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

const BASICS: [&str; 3] = [
    "daemonset-basics/what-a-daemonset-runs",
    "daemonset-basics/exactly-one-pod-on-every-node",
    "daemonset-basics/node-removed-no-relocation",
];

/// Three basics items answered over three weeks (one forgotten and relearning), one of them
/// a leech; the rest of the library new.
fn history() -> Study {
    let mut answers = Vec::new();
    let mut at = |item: &str, days_ago: i64, rating: Rating, mode: Mode| {
        answers.push(Answer {
            item: item.into(),
            at_ms: NOW - days_ago * DAY_MS,
            rating,
            duration_ms: 3_000,
            mode,
            correct: (mode == Mode::Quiz).then_some(rating != Rating::Again),
        });
    };
    for days in [21, 20, 14] {
        at(BASICS[0], days, Rating::Good, Mode::Review);
        at(BASICS[1], days, Rating::Good, Mode::Review);
    }
    at(BASICS[1], 5, Rating::Again, Mode::Review);
    at(BASICS[2], 3, Rating::Easy, Mode::Review);
    at(BASICS[2], 1, Rating::Again, Mode::Quiz);
    answers.sort_by_key(|a| a.at_ms);
    let mut study = study(answers);
    study.flags.insert(
        BASICS[2].into(),
        Flags {
            suspended: true,
            leech: true,
        },
    );
    study
}

fn browse(query: &str) -> App {
    app_with(history(), Start::Browse(query.into()))
}

fn screen(app: &App) -> &BrowseScreen {
    match &app.screen {
        Screen::Browse(s) => s,
        _ => panic!("not the browser: {}", app.screen_name()),
    }
}

fn shown_ids(app: &App) -> Vec<String> {
    let s = screen(app);
    s.shown.iter().map(|&i| s.rows[i].id.clone()).collect()
}

fn current(app: &App) -> String {
    screen(app).current().expect("a row").id.clone()
}

fn both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_60x16"), draw(app, 60, 16));
}

#[test]
fn snapshot_list() {
    both("browse_list", &browse("deck:daemonset-basics"));
}

#[test]
fn snapshot_sorted_by_due_descending() {
    let mut app = browse("");
    press(&mut app, "ooooO");
    both("browse_sorted_due_desc", &app);
}

#[test]
fn snapshot_typing_an_unknown_value() {
    let mut app = browse("");
    press(&mut app, "/basics is:dew");
    both("browse_typing_error", &app);
}

#[test]
fn snapshot_preview() {
    let mut app = browse("exactly-one-pod");
    press_code(&mut app, KeyCode::Enter);
    both("browse_preview", &app);
}

#[test]
fn snapshot_confirm_reset() {
    let mut app = browse("deck:daemonset-basics");
    press(&mut app, "jr");
    both("browse_confirm_reset", &app);
}

#[test]
fn typing_filters_live_and_enter_or_esc_keep_the_query() {
    let mut app = browse("");
    let all = screen(&app).rows.len();
    assert_eq!(shown_ids(&app).len(), all);
    press(&mut app, "j");
    press(&mut app, "/");
    assert!(screen(&app).is_typing());
    press(&mut app, "is");
    let words = shown_ids(&app);
    assert!(words.len() < all, "the word `is` filters as it is typed");
    press(&mut app, ":n");
    // Half a value: the table keeps the last query that parsed and says why.
    assert!(
        screen(&app)
            .error
            .as_deref()
            .unwrap()
            .contains("unknown is:n")
    );
    assert_eq!(shown_ids(&app), words);
    press(&mut app, "ew");
    assert_eq!(screen(&app).error, None);
    assert_eq!(shown_ids(&app).len(), all - 3);
    assert_eq!(
        screen(&app).cursor,
        0,
        "the first match, as the cursor's item left"
    );
    // q is text while typing, not "back".
    press(&mut app, " -q");
    assert_eq!(screen(&app).query, "is:new -q");
    press_code(&mut app, KeyCode::Backspace);
    press_code(&mut app, KeyCode::Backspace);
    press_code(&mut app, KeyCode::Backspace);
    assert_eq!(screen(&app).query, "is:new");
    press_code(&mut app, KeyCode::Esc);
    assert!(!screen(&app).is_typing());
    assert_eq!(screen(&app).query, "is:new");
    assert_eq!(shown_ids(&app).len(), all - 3);
    // `/` again adds a term after a space; Enter drops a trailing one.
    press(&mut app, "/basics ");
    assert_eq!(screen(&app).query, "is:new basics ");
    press_code(&mut app, KeyCode::Enter);
    assert!(!screen(&app).is_typing());
    assert_eq!(screen(&app).query, "is:new basics");
    assert!(shown_ids(&app).iter().all(|id| id.contains("basics")));
    // Out of typing, q and Esc leave; opened from the command line, that quits.
    assert_eq!(press(&mut app, "q"), [Effect::Quit]);
}

#[test]
fn o_cycles_the_sort_column_and_capital_o_reverses_it() {
    let mut app = browse("");
    assert_eq!(screen(&app).sort, Column::Deck);
    press(&mut app, "o");
    assert_eq!(screen(&app).sort, Column::Id);
    let ids = shown_ids(&app);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    press(&mut app, "O");
    assert!(screen(&app).descending);
    assert_eq!(shown_ids(&app).first(), sorted.last());
    // The next column starts ascending again: state, then due with the studied first.
    press(&mut app, "ooo");
    assert_eq!(screen(&app).sort, Column::Due);
    assert!(!screen(&app).descending);
    let first: Vec<String> = shown_ids(&app).into_iter().take(3).collect();
    assert!(
        first.iter().all(|id| BASICS.contains(&id.as_str())),
        "{first:?}"
    );
    assert!(draw(&app, 80, 24).contains("DUE ▲"));
    // A column too narrow for its name and the mark keeps the mark; one left out at this width
    // is still named on the query line.
    press(&mut app, "oo");
    assert_eq!(screen(&app).sort, Column::Recall);
    let text = draw(&app, 80, 24);
    assert!(
        text.contains("RECA ▲") && text.contains("by recall ▲"),
        "{text}"
    );
    let text = draw(&app, 60, 16);
    assert!(
        !text.contains("RECA") && text.contains("by recall ▲"),
        "{text}"
    );
}

#[test]
fn s_suspends_and_unsuspends_through_set_flags() {
    let mut t = temp_store();
    let mut app = browse("deck:daemonset-basics -is:new");
    assert_eq!(shown_ids(&app), BASICS);
    let effects = press(&mut app, "s");
    assert_eq!(
        effects,
        [Effect::SetFlags {
            item: BASICS[0].into(),
            flags: Flags {
                suspended: true,
                leech: false
            }
        }]
    );
    assert_eq!(screen(&app).current().unwrap().state(), RowState::Suspended);
    assert_eq!(
        app.status.as_deref(),
        Some(format!("suspended {} · s again brings it back", BASICS[0]).as_str())
    );
    kubedrill::tui::perform(&mut app, &mut t.store, effects);
    assert!(t.store.flags().unwrap()[BASICS[0]].suspended);
    // The cursor stays on the item; s again brings it back, a leech keeps its mark.
    let effects = press(&mut app, "s");
    kubedrill::tui::perform(&mut app, &mut t.store, effects);
    assert!(!t.store.flags().unwrap().contains_key(BASICS[0]));
    assert_eq!(screen(&app).current().unwrap().state(), RowState::Review);
    press(&mut app, "jj");
    assert_eq!(current(&app), BASICS[2]);
    // Under a query that drops a suspended item, the status does not offer s for it.
    let mut due = browse("is:due");
    let first = current(&due);
    press(&mut due, "s");
    assert!(screen(&due).current().is_none_or(|r| r.id != first));
    assert_eq!(
        due.status.as_deref(),
        Some(format!("suspended {first} · is:suspended lists it").as_str())
    );
    assert_eq!(
        press(&mut app, "s"),
        [Effect::SetFlags {
            item: BASICS[2].into(),
            flags: Flags {
                suspended: false,
                leech: true
            }
        }]
    );
}

#[test]
fn r_asks_and_y_resets_to_new_in_the_study_and_the_store() {
    let mut t = temp_store();
    let mut app = browse("deck:daemonset-basics");
    press(&mut app, "j");
    let item = BASICS[1];
    assert_eq!(current(&app), item);
    assert_eq!(press(&mut app, "r"), []);
    assert_eq!(
        screen(&app).pane,
        Pane::ConfirmReset {
            item: item.into(),
            answers: 4,
            from_preview: false
        }
    );
    let screen_text = draw(&app, 60, 16);
    assert!(
        screen_text.contains("Its 4 answers stay in the log"),
        "{screen_text}"
    );
    // n keeps it.
    assert_eq!(press(&mut app, "n"), []);
    assert_eq!(screen(&app).pane, Pane::List);
    assert!(app.ctx.study.states.contains_key(item));
    press(&mut app, "r");
    let effects = press(&mut app, "y");
    assert_eq!(
        effects,
        [Effect::Reset {
            item: item.into(),
            at_ms: NOW
        }]
    );
    assert!(!app.ctx.study.states.contains_key(item));
    let row = screen(&app).current().unwrap();
    assert_eq!((row.id.as_str(), row.state()), (item, RowState::New));
    assert_eq!(row.answers, 4, "the answers stay in the log");
    kubedrill::tui::perform(&mut app, &mut t.store, effects);
    assert_eq!(t.store.resets().unwrap()[item], NOW);
    assert!(app.unsaved.is_empty());
    // A new item is not asked about.
    press(&mut app, "r");
    assert_eq!(screen(&app).pane, Pane::List);
    assert!(app.status.as_deref().unwrap().contains("is new already"));
}

#[test]
fn resetting_a_leech_clears_its_mark_and_keeps_it_suspended() {
    let mut app = browse(BASICS[2]);
    assert_eq!(screen(&app).current().unwrap().state(), RowState::Leech);
    press(&mut app, "ry");
    assert_eq!(
        app.ctx.study.flags[BASICS[2]],
        Flags {
            suspended: true,
            leech: false
        }
    );
    let row = screen(&app).current().unwrap();
    assert_eq!((row.state(), row.phase), (RowState::Suspended, Phase::New));
}

#[test]
fn e_on_a_shipped_deck_says_where_it_lives() {
    let mut app = browse("");
    assert_eq!(press(&mut app, "e"), []);
    assert_eq!(
        app.status.as_deref(),
        Some(
            "shipped deck: decks/daemonset-basics.toml in the kubedrill repository; copy it into your deck folder to edit"
        )
    );
    // The status wraps rather than cut the path off at 60 columns.
    let text = draw(&app, 60, 16);
    assert!(
        text.contains("copy it into your deck folder to edit"),
        "{text}"
    );
}

const MINE: &str = "[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"first\"\nkind = \"flash\"\nfront = \"One?\"\nback = \"1\"\n\n# the second card\n[[card]]\nid = \"second\"\nkind = \"flash\"\nfront = \"Two?\"\nback = \"2\"\n";

fn library_with(path: &Path) -> (Library, Vec<LoadWarning>) {
    let mut sources = shipped_sources();
    let text = std::fs::read_to_string(path).unwrap();
    sources.push((Origin::File(path.display().to_string()), text));
    load_library(sources)
}

/// The editor writes `text` over the file; the decks are read again from it.
struct FakeEdge {
    text: String,
    opened: Vec<(String, Option<usize>)>,
}

impl Edge for FakeEdge {
    fn edit(&mut self, path: &Path, line: Option<usize>) -> Result<(), String> {
        self.opened.push((path.display().to_string(), line));
        std::fs::write(path, &self.text).map_err(|e| e.to_string())
    }
    fn load_decks(&mut self) -> Result<(Library, Vec<LoadWarning>), String> {
        let path = &self.opened.last().unwrap().0;
        Ok(library_with(Path::new(path)))
    }
}

#[test]
fn e_on_a_user_deck_edits_it_at_the_card_and_reads_it_again() {
    let mut t = temp_store();
    let file = t.dir.path().join("mine.toml");
    std::fs::write(&file, MINE).unwrap();
    let mut study = study(Vec::new());
    study.library = library_with(&file).0;
    let mut app = app_with(study, Start::Browse("deck:mine".into()));
    press(&mut app, "j");
    assert_eq!(current(&app), "mine/second");
    let effects = press(&mut app, "e");
    let path = file.display().to_string();
    assert_eq!(
        effects,
        [Effect::EditDeck {
            path: path.clone(),
            line: 12
        }]
    );
    // The editor renames the second card's front: the browser shows the new text.
    let mut edge = FakeEdge {
        text: MINE.replace("Two?", "Zwei?"),
        opened: Vec::new(),
    };
    kubedrill::tui::perform_on(&mut app, &mut t.store, effects, &mut edge);
    assert_eq!(edge.opened, [(path.clone(), Some(12))]);
    assert_eq!(
        app.status.as_deref(),
        Some(format!("read {path} again").as_str())
    );
    assert_eq!(current(&app), "mine/second");
    press(&mut app, "/zwei");
    assert_eq!(screen(&app).query, "deck:mine zwei");
    assert_eq!(shown_ids(&app), ["mine/second"]);
    press_code(&mut app, KeyCode::Enter);

    // A broken edit: the deck stays as it was loaded, and the error names file and line.
    let effects = press(&mut app, "e");
    let mut edge = FakeEdge {
        text: MINE.replace("back = \"2\"", "back = \"2\"\nbakc = \"x\""),
        opened: Vec::new(),
    };
    kubedrill::tui::perform_on(&mut app, &mut t.store, effects, &mut edge);
    let status = app.status.clone().unwrap();
    assert!(
        status.starts_with(&format!(
            "not loaded, e edits it again: {path}:17:1: card \"second\": unknown field `bakc`"
        )),
        "{status}"
    );
    assert_eq!(shown_ids(&app), ["mine/second"], "the old deck is kept");
    assert!(app.unsaved.is_empty());
}

#[test]
fn b_on_home_opens_the_browser_and_q_comes_back() {
    let mut app = app(Start::Home);
    assert!(draw(&app, 80, 24).contains("[b] browse"));
    press(&mut app, "b");
    assert_eq!(app.screen_name(), "Browse");
    assert_eq!(press(&mut app, "q"), []);
    assert_eq!(app.screen_name(), "Home");
}

#[test]
fn a_bad_query_from_the_command_line_says_why_over_every_item() {
    let app = browse("kind:quiz");
    assert_eq!(
        screen(&app).error.as_deref(),
        Some("unknown kind:quiz; kinds are flash choice truefalse cloze placement write")
    );
    assert_eq!(shown_ids(&app).len(), screen(&app).rows.len());
    assert!(draw(&app, 80, 24).contains("unknown kind:quiz"));
}

#[test]
fn the_help_lists_every_browser_key() {
    let mut app = browse("");
    press(&mut app, "?");
    let help: Vec<&str> = kubedrill::tui::keymap::help(&app.screen_bindings())
        .into_iter()
        .map(|(keys, _)| keys)
        .collect();
    for key in [
        "/",
        "Enter",
        "s",
        "r",
        "e",
        "o",
        "O",
        "j/k",
        "PgDn/PgUp",
        "?",
        "q/Esc",
    ] {
        assert!(help.contains(&key), "{key} is not in {help:?}");
    }
    let lines = kubedrill::tui::keymap::help(&app.screen_bindings());
    let slash = &lines.iter().find(|(k, _)| *k == "/").unwrap().1;
    assert!(!slash.contains("(also"), "/ names its own key: {slash}");
    press(&mut app, "?/");
    let help: Vec<&str> = kubedrill::tui::keymap::help(&app.screen_bindings())
        .into_iter()
        .map(|(keys, _)| keys)
        .collect();
    assert!(
        help.contains(&"Enter/Esc") && help.contains(&"Bksp"),
        "{help:?}"
    );
    assert!(!help.contains(&"q/Esc"), "q is text while typing: {help:?}");
}

#[test]
fn reset_from_the_preview_returns_to_it_and_a_preview_whose_row_leaves_closes() {
    let mut app = browse("deck:daemonset-basics -is:new");
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "r");
    assert!(draw(&app, 80, 24).contains("Reset daemonset-basics/what-a-daemonset-runs"));
    press(&mut app, "y");
    assert_eq!(
        screen(&app).pane,
        Pane::List,
        "the reset item is new: -is:new drops it"
    );
    assert_eq!(current(&app), BASICS[1]);
    press_code(&mut app, KeyCode::Enter);
    press(&mut app, "rn");
    assert_eq!(screen(&app).pane, Pane::Preview);
    assert_eq!(current(&app), BASICS[1]);
}

/// Every word of every item's text shows on some page of its preview at 60x16 (PgDn pages).
#[test]
fn every_word_of_every_preview_is_on_some_page_at_60x16() {
    use kubedrill::deck::CardBody;
    let mut app = app(Start::Browse(String::new()));
    let total = screen(&app).rows.len();
    for i in 0..total {
        if let Screen::Browse(s) = &mut app.screen {
            s.cursor = i;
        }
        let id = current(&app);
        press_code(&mut app, KeyCode::Enter);
        let mut pages = vec![draw(&app, 60, 16)];
        while pages.last().unwrap().contains("↓ more") {
            assert!(pages.len() < 100, "{id}: PgDn never reaches the end");
            press_code(&mut app, KeyCode::PageDown);
            pages.push(draw(&app, 60, 16));
        }
        let rows: Vec<String> = pages
            .iter()
            .flat_map(|p| p.lines())
            .map(|l| {
                l.trim_matches('"')
                    .replace("\\\"", "\"")
                    .replace("\\\\", "\\")
            })
            .collect();
        let words: std::collections::BTreeSet<&str> =
            rows.iter().flat_map(|r| r.split_whitespace()).collect();
        let joined = rows.concat();
        let (deck, rest) = id.split_once('/').unwrap();
        let card = app
            .ctx
            .study
            .library
            .deck(deck)
            .and_then(|d| d.card(rest.split('#').next().unwrap()))
            .unwrap();
        let mut want = vec![kubedrill::browse::prompt_text(&card.body).to_owned()];
        match &card.body {
            CardBody::Flash { back, .. } => want.push(back.clone()),
            CardBody::Choice {
                choices, explain, ..
            } => {
                want.extend(choices.iter().cloned());
                want.push(explain.clone());
            }
            CardBody::TrueFalse { explain, .. } | CardBody::Cloze { explain, .. } => {
                want.push(explain.clone())
            }
            CardBody::Placement(p) => want.push(p.explain.clone()),
            CardBody::Write(w) => want.push(w.explain.clone()),
        }
        want.extend(card.source.clone());
        for word in want.iter().flat_map(|t| t.split_whitespace()) {
            assert!(
                words.contains(word) || word.chars().count() > 50 && joined.contains(word),
                "{id}: {word:?} is on no page of its preview"
            );
        }
        press_code(&mut app, KeyCode::Enter);
    }
    assert!(total > 400, "{total}");
}

/// `kubedrill browse --data-dir D -- -is:new tag:trap`: a negated first term goes after `--`,
/// and the options before it are still options.
#[test]
fn a_negated_first_term_goes_after_two_dashes() {
    use clap::Parser;
    use kubedrill::cli::{Cli, Command};
    let cli = Cli::try_parse_from([
        "kubedrill",
        "browse",
        "--data-dir",
        "/tmp/x",
        "--",
        "-is:new",
        "tag:trap",
    ])
    .unwrap();
    assert_eq!(cli.data_dir.as_deref(), Some(Path::new("/tmp/x")));
    match cli.command {
        Some(Command::Browse { query }) => assert_eq!(query, ["-is:new", "tag:trap"]),
        other => panic!("{other:?}"),
    }
    let cli = Cli::try_parse_from(["kubedrill", "browse", "is:new", "--data-dir", "/tmp/x"]);
    assert_eq!(cli.unwrap().data_dir.as_deref(), Some(Path::new("/tmp/x")));
}
