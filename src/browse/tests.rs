use super::*;
use crate::deck::{Origin, load_library};
use crate::srs::{DAY_MS, MINUTE_MS, Mode, Rating, Scheduler};
use crate::store::Flags;
use rstest::rstest;

const NOW: i64 = 1_795_435_200_000;

const DECK: &str = r#"[deck]
id = "pods"
title = "Pods"
tags = ["core"]

[[card]]
id = "what-runs"
kind = "flash"
front = "What does a DaemonSet run on every node?"
back = "One pod"

[[card]]
id = "cordon"
kind = "truefalse"
statement = "A cordoned node gets no DaemonSet pod."
answer = false
tags = ["trap"]

# a comment between cards
[[card]]
id = "toleration"
kind = "cloze"
text = "The controller adds the {{unschedulable}} toleration and {{not-ready}}."
"#;

fn study(answers: Vec<Answer>, flags: &[(&str, Flags)]) -> Study {
    let (library, warnings) =
        load_library(vec![(Origin::File("my/pods.toml".into()), DECK.into())]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let scheduler = Scheduler::default();
    let states = scheduler.replay(&answers);
    Study {
        library,
        scheduler,
        answers,
        states,
        flags: flags.iter().map(|(i, f)| ((*i).to_owned(), *f)).collect(),
        lessons: HashMap::new(),
        drills: Vec::new(),
        last_sync: None,
        log_tail: None,
    }
}

fn answer(item: &str, at_ms: i64, rating: Rating) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 1000,
        mode: Mode::Review,
        correct: None,
    }
}

/// what-runs graduated a month ago (overdue), cordon in learning (due in under a minute), the
/// first gap in review a week ahead but suspended as a leech, the second gap new.
fn sample() -> Study {
    let answers = vec![
        answer("pods/what-runs", NOW - 30 * DAY_MS, Rating::Good),
        answer(
            "pods/what-runs",
            NOW - 30 * DAY_MS + 10 * MINUTE_MS,
            Rating::Good,
        ),
        answer("pods/toleration#1", NOW - DAY_MS, Rating::Easy),
        answer("pods/cordon", NOW - 10_000, Rating::Again),
    ];
    study(
        answers,
        &[(
            "pods/toleration#1",
            Flags {
                suspended: true,
                leech: true,
            },
        )],
    )
}

fn ids(rows: &[Row], query: &str) -> Vec<String> {
    let q = Query::parse(query).expect("the query parses");
    select(rows, &q, Column::Deck, false, NOW)
        .into_iter()
        .map(|i| rows[i].short_id().to_owned())
        .collect()
}

#[test]
fn rows_cover_cards_and_gaps_with_their_schedule() {
    let rows = rows(&sample(), NOW);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.state().name()))
        .collect();
    assert_eq!(
        got,
        [
            ("pods/what-runs", "review"),
            ("pods/cordon", "learning"),
            ("pods/toleration#1", "leech"),
            ("pods/toleration#2", "new"),
        ]
    );
    assert_eq!(rows[0].answers, 2);
    assert_eq!(
        rows[0].last_answer_ms,
        Some(NOW - 30 * DAY_MS + 10 * MINUTE_MS)
    );
    assert!(rows[0].stability.is_some() && rows[0].recall.is_some());
    assert_eq!(rows[3].due_ms, None);
    assert_eq!(Column::Due.text(&rows[3], NOW), "—");
    assert_eq!(Column::Last.text(&rows[3], NOW), "—");
    assert_eq!(Column::Recall.text(&rows[3], NOW), "—");
    assert_eq!(Column::Due.text(&rows[0], NOW), "now", "overdue is due now");
    assert_eq!(Column::Due.text(&rows[1], NOW), "in 50s");
    assert_eq!(Column::Last.text(&rows[1], NOW), "10s ago");
    assert_eq!(rows[1].tags, ["core", "trap"]);
}

#[rstest]
#[case::empty("", vec![])]
#[case::words_lowercased("Cordon  nodes", vec![Test::Text("cordon".into()), Test::Text("nodes".into())])]
#[case::fields("deck:Pods tag:trap kind:cloze is:due", vec![
    Test::Deck("pods".into()),
    Test::Tag("trap".into()),
    Test::Kind(ItemKind::Cloze),
    Test::Is(Is::Due),
])]
#[case::other_colons_are_text("node.kubernetes.io/unschedulable:NoSchedule", vec![
    Test::Text("node.kubernetes.io/unschedulable:noschedule".into()),
])]
fn queries_parse_into_terms(#[case] text: &str, #[case] tests: Vec<Test>) {
    let q = Query::parse(text).unwrap();
    assert_eq!(
        q.terms.iter().map(|t| t.test.clone()).collect::<Vec<_>>(),
        tests
    );
    assert!(q.terms.iter().all(|t| !t.negated));
}

#[test]
fn a_dash_negates_and_a_lone_dash_is_a_word() {
    let q = Query::parse("-is:new -").unwrap();
    assert_eq!(
        q.terms,
        [
            Term {
                negated: true,
                test: Test::Is(Is::New)
            },
            Term {
                negated: false,
                test: Test::Text("-".into())
            },
        ]
    );
}

#[rstest]
#[case::unknown_is(
    "is:dew",
    "unknown is:dew; try is:due is:new is:learning is:review is:suspended is:leech"
)]
#[case::unknown_kind(
    "kind:quiz",
    "unknown kind:quiz; kinds are flash choice truefalse cloze placement write"
)]
#[case::table_cells_are_not_listed(
    "kind:table-cell",
    "unknown kind:table-cell; kinds are flash choice truefalse cloze placement write"
)]
#[case::empty_value("cordon deck:", "deck: needs a value, as deck:x")]
fn bad_queries_say_why(#[case] text: &str, #[case] message: &str) {
    assert_eq!(Query::parse(text).unwrap_err().to_string(), message);
}

#[rstest]
#[case::word_in_prompt("EVERY node", &["what-runs"])]
#[case::word_in_id("toleration", &["toleration#1", "toleration#2"])]
#[case::words_and("toleration #2", &["toleration#2"])]
#[case::deck("deck:pods", &["what-runs", "cordon", "toleration#1", "toleration#2"])]
#[case::deck_other("deck:nodes", &[])]
#[case::tag("tag:trap", &["cordon"])]
#[case::deck_tag_inherited("tag:core kind:flash", &["what-runs"])]
#[case::kind("kind:cloze", &["toleration#1", "toleration#2"])]
#[case::is_new("is:new", &["toleration#2"])]
#[case::is_due_skips_suspended_and_new("is:due", &["what-runs"])]
#[case::is_learning("is:learning", &["cordon"])]
#[case::is_review("is:review", &["what-runs", "toleration#1"])]
#[case::is_suspended("is:suspended", &["toleration#1"])]
#[case::is_leech("is:leech", &["toleration#1"])]
#[case::negated("-is:suspended kind:cloze", &["toleration#2"])]
fn filters_keep_matching_rows(#[case] query: &str, #[case] expected: &[&str]) {
    let rows = rows(&sample(), NOW);
    assert_eq!(ids(&rows, query), expected);
}

#[test]
fn cordon_is_due_once_its_step_passes() {
    let rows = rows(&sample(), NOW);
    let q = Query::parse("is:due").unwrap();
    assert!(!q.matches(&rows[1], NOW));
    assert!(q.matches(&rows[1], NOW + MINUTE_MS));
}

#[test]
fn sorting_puts_missing_values_last_either_way_and_ties_in_curriculum_order() {
    let rows = rows(&sample(), NOW);
    let sorted = |column, descending| {
        let mut all: Vec<usize> = (0..rows.len()).collect();
        sort(&rows, &mut all, column, descending);
        all.iter()
            .map(|&i| rows[i].short_id().to_owned())
            .collect::<Vec<_>>()
    };
    // what-runs was due first (weeks ago); the new gap has no due time.
    assert_eq!(
        sorted(Column::Due, false),
        ["what-runs", "cordon", "toleration#1", "toleration#2"]
    );
    assert_eq!(
        sorted(Column::Due, true),
        ["toleration#1", "cordon", "what-runs", "toleration#2"]
    );
    assert_eq!(
        sorted(Column::Id, false),
        ["cordon", "toleration#1", "toleration#2", "what-runs"]
    );
    assert_eq!(
        sorted(Column::State, true),
        ["toleration#1", "what-runs", "cordon", "toleration#2"]
    );
    assert_eq!(
        sorted(Column::Lapses, false),
        ["what-runs", "cordon", "toleration#1", "toleration#2"]
    );
}

#[test]
fn sort_columns_cycle_through_every_column() {
    let mut c = Column::Deck;
    let mut seen = vec![c];
    for _ in 1..Column::ALL.len() {
        c = c.next();
        seen.push(c);
    }
    assert_eq!(seen, Column::ALL);
    assert_eq!(c.next(), Column::Deck);
}

#[test]
fn a_user_card_opens_at_its_header_line_and_a_shipped_one_names_its_path() {
    let s = sample();
    assert_eq!(
        card_location(&s.library, "pods/what-runs"),
        Some(Ok(("my/pods.toml".into(), 6)))
    );
    assert_eq!(
        card_location(&s.library, "pods/toleration#2"),
        Some(Ok(("my/pods.toml".into(), 20)))
    );
    assert_eq!(card_location(&s.library, "pods/nope"), None);
    let (shipped, _) = crate::deck::load_shipped();
    let item = &shipped.decks[0].items()[0].id;
    assert_eq!(
        card_location(&shipped, item),
        Some(Err(format!("decks/{}.toml", shipped.decks[0].id)))
    );
}

#[test]
fn history_is_newest_first() {
    let s = sample();
    let h = history(&s.answers, "pods/what-runs");
    assert_eq!(
        h.iter().map(|a| a.at_ms).collect::<Vec<_>>(),
        [NOW - 30 * DAY_MS + 10 * MINUTE_MS, NOW - 30 * DAY_MS]
    );
}

#[test]
fn stability_has_a_decimal_below_ten_days() {
    assert_eq!(stability_text(2.34), "2.3d");
    assert_eq!(stability_text(12.6), "13d");
    assert_eq!(due_text(NOW + 3 * DAY_MS, NOW), "in 3d");
    assert_eq!(ago_text(NOW - 2 * DAY_MS, NOW), "2d ago");
}
