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

/// The quiz's results show what you answered beside the right answer, and a cloze reads as
/// a sentence with the gap marked, never as `{{...}}` markup.
#[test]
fn quiz_results_show_your_answer_and_no_markup() {
    use kubedrill::tui::Start;
    use kubedrill::tui::app::Screen;
    use kubedrill::tui::screens::quiz::QuizOptions;
    let mut app = app(Start::Quiz(QuizOptions {
        count: 20,
        seed: 3,
        ..QuizOptions::default()
    }));
    // Answer every item badly: pick 1, say false, type a wrong word, mark nothing.
    for _ in 0..60 {
        let Screen::Quiz(q) = &app.screen else {
            panic!("the quiz")
        };
        if q.finished.is_some() {
            break;
        }
        // A write card is answered from the editor: it saves the card's reference.
        if let Some(a) = &q.asking
            && let kubedrill::exercise::Prompt::Write(card) = &a.question.prompt
        {
            let draft = kubedrill::tui::action::Draft {
                path: "drafts/card.yaml".into(),
                text: card.solution.clone(),
            };
            app.update(Action::Edited(Ok(draft)), NOW);
        }
        for keys in ["1", "f", "zzz"] {
            press(&mut app, keys);
        }
        press_code(&mut app, ratatui::crossterm::event::KeyCode::Enter);
        // Self-graded flash cards: reveal, then "did not know it".
        press(&mut app, " ");
        press(&mut app, "n");
        // The answers were never saved by a loop here: tell the screen they were.
        for n in 0..3 {
            app.update(Action::Saved(kubedrill::tui::Saved::Recorded(n)), NOW);
        }
    }
    let Screen::Quiz(q) = &app.screen else {
        panic!("the quiz")
    };
    assert!(q.finished.is_some(), "the quiz ends after its items");
    let results = draw(&app, 200, 200);
    assert!(results.contains("you:"), "{results}");
    assert!(!results.contains("{{"), "raw cloze markup:\n{results}");
}

/// A lesson's check shows the real verdict: a wrong answer lets the learner go on, but its
/// header says wrong, not ✓.
#[test]
fn a_wrong_lesson_check_is_not_shown_as_right() {
    use kubedrill::tui::Start;
    use kubedrill::tui::app::Screen;
    let study = study(Vec::new());
    // A lesson step whose check is a cloze card.
    let (key, index) = study
        .library
        .decks
        .iter()
        .flat_map(|d| {
            d.lessons.iter().flat_map(move |l| {
                l.steps.iter().enumerate().filter_map(move |(i, s)| {
                    let card = d.card(s.check.as_deref()?)?;
                    matches!(card.body, kubedrill::deck::CardBody::Cloze { .. })
                        .then(|| (format!("{}/{}", d.id, l.id), i))
                })
            })
        })
        .next()
        .expect("a lesson step checked by a cloze card");
    let mut app = app(Start::Learn(Some(key.clone())));
    for _ in 0..index {
        if let Screen::Learn(learn) = &mut app.screen
            && let Some(walk) = learn.walk.as_mut()
        {
            walk.passed = true;
        }
        press(&mut app, "n");
    }
    press(&mut app, "zzzz");
    press_code(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("check: ✗ wrong"),
        "{key} step {}:\n{screen}",
        index + 1
    );
    assert!(!screen.contains("✓ right ──"), "{screen}");
}
