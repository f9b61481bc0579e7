//! Grading as a learner expects (issue "screens", deliver 5): forgiving spellings are right,
//! and a near miss on a long answer shows the difference and lets the learner decide.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::exercise::Question;
use kubedrill::tui::question::{Asking, Phase};
use kubedrill::tui::{Action, Theme};

fn cloze(item: &str) -> Asking {
    let study = study(Vec::new());
    let q = Question::for_item(&study.library, item, 1).expect("a shipped cloze gap");
    Asking::new(q, 0, true)
}

fn type_in(a: &mut Asking, text: &str) {
    for c in text.chars() {
        a.handle(&Action::Type(c), Default::default());
    }
    a.handle(&Action::Submit, Default::default());
}

fn text(a: &Asking) -> String {
    a.lines(78, Theme { color: false }, Default::default())
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_typo_in_a_long_answer_is_shown_and_the_learner_decides() {
    for (counts, want) in [(true, true), (false, false)] {
        let mut a = cloze("node-selection/required-vs-preferred#1");
        type_in(&mut a, "requiredDuringSchedulingIgnoredDurngExecution");
        assert!(matches!(a.phase, Phase::NearMiss { .. }), "{:?}", a.phase);
        let shown = text(&a);
        assert!(
            shown.contains("you typed  requiredDuringSchedulingIgnoredDur-ngExecution"),
            "{shown}"
        );
        assert!(
            shown.contains("expected   requiredDuringSchedulingIgnoredDuringExecution"),
            "{shown}"
        );
        assert!(
            shown.contains("y counts it right, n counts it wrong"),
            "{shown}"
        );
        let outcome = a.handle(&Action::Say(counts), Default::default());
        assert_eq!(outcome, kubedrill::tui::question::Outcome::Answered(want));
        assert_eq!(a.phase, Phase::Answered { correct: want });
    }
}

#[test]
fn forgiving_spellings_are_right_at_once() {
    let mut a = cloze("node-selection/required-vs-preferred#1");
    type_in(
        &mut a,
        "required during scheduling ignored during execution",
    );
    assert_eq!(a.phase, Phase::Answered { correct: true });
    // A wrong answer that is no typo is wrong at once.
    let mut a = cloze("node-selection/required-vs-preferred#1");
    type_in(&mut a, "preferredDuringSchedulingIgnoredDuringExecution");
    assert_eq!(a.phase, Phase::Answered { correct: false });
}
