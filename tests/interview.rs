//! Interview readiness: the shipped map of the 20 questions interviewers ask, the deck format
//! that holds it, readiness from the memory states, and the quiz on the questions not ready.

mod common;

use common::kubedrill;
use kubedrill::deck::{LoadWarning, Origin, load_library, load_shipped, parse_deck};
use kubedrill::exercise::{DEEP_DIVE, QuizFilter, pick_quiz};
use kubedrill::srs::{Answer, DAY_MS, Mode, Rating, Scheduler};
use kubedrill::stats::{interview_readiness, not_ready_items};

fn shipped() -> kubedrill::deck::Library {
    let (library, warnings) = load_shipped();
    assert!(warnings.is_empty(), "{warnings:?}");
    library
}

fn good(item: &str, at_ms: i64) -> Answer {
    Answer {
        item: item.into(),
        at_ms,
        rating: Rating::Good,
        duration_ms: 3000,
        mode: Mode::Review,
        correct: None,
    }
}

#[test]
fn the_shipped_map_has_the_twenty_questions_each_answered_by_interview_items() {
    let lib = shipped();
    let questions: Vec<_> = lib.interview_questions().collect();
    assert_eq!(questions.len(), 20);
    for q in &questions {
        assert!(q.cards.len() >= 3, "{}: {} cards", q.id, q.cards.len());
        for card in &q.cards {
            let (deck, id) = card.split_once('/').unwrap();
            let c = lib.deck(deck).and_then(|d| d.card(id)).unwrap();
            // Interview questions are answered by interview items, not trivia.
            assert!(!c.tags.iter().any(|t| t == DEEP_DIVE), "{}: {card}", q.id);
        }
    }
}

#[test]
fn a_question_is_ready_when_every_item_is_reviewed_and_recalled_now() {
    let lib = shipped();
    let sched = Scheduler::default();
    let now = 1_800_000_000_000;
    let first = lib.interview_questions().next().unwrap();
    let items: Vec<String> = first
        .cards
        .iter()
        .flat_map(|c| lib.items_of_card(c))
        .collect();
    assert!(
        items.len() > first.cards.len(),
        "a cloze card counts each gap"
    );

    // Every item learned over a few days and answered again an hour ago: ready.
    let mut answers = Vec::new();
    for day in [6, 3, 1] {
        for i in &items {
            answers.push(good(i, now - day * DAY_MS));
        }
    }
    for i in &items {
        answers.push(good(i, now - 3_600_000));
    }
    let states = sched.replay(&answers);
    let readiness = interview_readiness(&lib, &states, &sched, now);
    assert_eq!(readiness.len(), 20);
    assert!(readiness[0].ready, "{:?}", readiness[0]);
    assert_eq!(readiness[0].items, items);
    assert!(readiness[1..].iter().all(|q| !q.ready));

    // One item never reviewed: not ready.
    let missing: Vec<Answer> = answers
        .iter()
        .filter(|a| a.item != items[0])
        .cloned()
        .collect();
    let states = sched.replay(&missing);
    assert!(!interview_readiness(&lib, &states, &sched, now)[0].ready);

    // The same history seen two years later: recall has fallen below 0.9.
    let states = sched.replay(&answers);
    assert!(!interview_readiness(&lib, &states, &sched, now + 730 * DAY_MS)[0].ready);

    // The quiz on questions not ready leaves the ready question's items out.
    let readiness = interview_readiness(&lib, &sched.replay(&answers), &sched, now);
    let rest = not_ready_items(&readiness);
    assert!(!rest.is_empty() && rest.iter().all(|i| !items.contains(i)));
    let filter = QuizFilter {
        only: Some(rest.iter().cloned().collect()),
        ..QuizFilter::default()
    };
    let quiz = pick_quiz(&lib, &filter, 500, 3);
    assert!(!quiz.is_empty());
    assert!(quiz.iter().all(|i| rest.contains(i)), "{quiz:?}");
}

#[test]
fn an_interview_question_names_cards_that_exist() {
    let deck = "[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"a\"\nkind = \"flash\"\nfront = \"f\"\nback = \"b\"\n\n[[interview]]\nid = \"q\"\nquestion = \"Why?\"\nitems = [\"a\", \"nope\", \"Bad/Id\"]\n";
    let errors = parse_deck("mine.toml", deck, Origin::File("mine.toml".into())).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "mine.toml:14:15: interview question \"q\": \"nope\" is not a card of this deck (a card of another deck is written deck/card)",
            "mine.toml:14:23: interview question \"q\": \"Bad/Id\" is not a card id (card, or deck/card, in kebab-case)",
        ]
    );

    // Another deck's card is checked once every deck is loaded; the deck still loads.
    let deck = deck.replace(
        "[\"a\", \"nope\", \"Bad/Id\"]",
        "[\"a\", \"daemonset-basics/no-such-card\"]",
    );
    let (library, warnings) = load_library(vec![(Origin::File("mine.toml".into()), deck)]);
    assert_eq!(library.decks.len(), 1);
    assert_eq!(library.decks[0].interview[0].cards, ["mine/a"]);
    assert!(
        matches!(
            warnings.as_slice(),
            [LoadWarning::UnknownInterviewCard { card, line: 11, .. }] if card == "daemonset-basics/no-such-card"
        ),
        "{warnings:?}"
    );
}

#[test]
fn stats_json_lists_the_interview_questions() {
    let dir = tempfile::tempdir().unwrap();
    let out = kubedrill(dir.path(), &["stats", "--json"]);
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let questions = stats["interviewQuestions"].as_array().unwrap();
    assert_eq!(questions.len(), 20);
    for q in questions {
        assert!(
            q["question"]
                .as_str()
                .is_some_and(|s| s.ends_with('?') || s.ends_with('.'))
        );
        assert!(q["items"].as_array().is_some_and(|i| i.len() >= 3));
        assert_eq!(q["ready"], false);
    }
    let text = kubedrill(dir.path(), &["stats"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("interview questions ready: 0/20"), "{text}");
}

#[test]
fn merged_cards_point_at_cards_that_exist() {
    let lib = shipped();
    let items: std::collections::HashSet<String> = lib
        .decks
        .iter()
        .flat_map(|d| d.items())
        .map(|i| i.id)
        .collect();
    for (from, to) in kubedrill::deck::MERGED {
        assert!(!items.contains(*from), "{from} is still a shipped item");
        assert!(
            items.contains(*to),
            "{from} is merged into {to}, which is not an item"
        );
    }
}

#[test]
fn answers_to_a_merged_card_count_for_the_card_that_kept_its_fact() {
    use kubedrill::store::{Store, now_ms};
    let dir = tempfile::tempdir().unwrap();
    let now = now_ms();
    {
        let (mut store, _) = Store::open(dir.path()).unwrap();
        // Answered in the deck that no longer has the card, before the decks were merged.
        for at in [now - 2 * DAY_MS, now - DAY_MS] {
            store
                .record(&good("interview-traps/cordoned-node-gets-pod", at))
                .unwrap();
        }
    }
    let out = kubedrill(dir.path(), &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["totalAnswers"], 2, "the log keeps both answers");
    assert_eq!(stats["byState"]["review"], 1, "{}", stats["byState"]);
    let lib = shipped();
    let kept = lib.deck("taints-and-tolerations").unwrap();
    assert!(kept.card("cordoned-node-gets-pod").is_some());
    // The export is the log as written.
    let csv = String::from_utf8(kubedrill(dir.path(), &["export"]).stdout).unwrap();
    assert!(
        csv.contains("interview-traps/cordoned-node-gets-pod"),
        "{csv}"
    );
}
