//! The curriculum's quality rules (issue: one card per fact, no answer cues, trivia out of the
//! interview path), held over the shipped decks.

use kubedrill::deck::{CardBody, Library, load_shipped};
use kubedrill::exercise::{DEEP_DIVE, QuizFilter, pick_quiz};
use std::collections::BTreeMap;

fn shipped() -> Library {
    let (library, warnings) = load_shipped();
    assert!(warnings.is_empty(), "{warnings:?}");
    library
}

/// Lowercase, quotes and backticks dropped, runs of spaces made one: two texts that read the
/// same compare equal.
fn normal(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '`' | '"' | '\''))
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a card asks, whatever its kind.
fn question(body: &CardBody) -> &str {
    match body {
        CardBody::Flash { front, .. } => front,
        CardBody::Choice { prompt, .. } => prompt,
        CardBody::TrueFalse { statement, .. } => statement,
        CardBody::Cloze { text, .. } => text,
        CardBody::Placement(p) => &p.prompt,
        CardBody::Write(w) => &w.prompt,
    }
}

/// Does `needle` occur in `hay` as a whole word (not inside a longer name such as
/// `kube-flannel-ds`)? Short answers (`OR`, `ds`) are matched by case, so the English "and"
/// is not taken for the operator AND.
fn contains_word(hay: &str, needle: &str) -> bool {
    let (hay, needle) = if needle.chars().count() <= 3 {
        (hay.to_owned(), needle.to_owned())
    } else {
        (normal(hay), normal(needle))
    };
    let word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.');
    hay.match_indices(&needle).any(|(at, m)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + m.len()..].chars().next();
        // A full stop after the word ends a sentence; inside a name it is followed by more.
        let after_ok = match after {
            None => true,
            Some('.') => hay[at + m.len() + 1..]
                .chars()
                .next()
                .is_none_or(|c| !word(c)),
            Some(c) => !word(c),
        };
        before.is_none_or(|c| !word(c)) && after_ok
    })
}

#[test]
fn no_card_id_is_in_two_decks() {
    let lib = shipped();
    let mut decks_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for deck in &lib.decks {
        for card in &deck.cards {
            decks_of.entry(&card.id).or_default().push(&deck.id);
        }
    }
    let twice: Vec<String> = decks_of
        .iter()
        .filter(|(_, d)| d.len() > 1)
        .map(|(id, d)| format!("{id}: {}", d.join(", ")))
        .collect();
    assert!(
        twice.is_empty(),
        "card ids in more than one deck:\n{}",
        twice.join("\n")
    );
}

#[test]
fn no_question_is_asked_twice() {
    let lib = shipped();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut twice = Vec::new();
    for deck in &lib.decks {
        for card in &deck.cards {
            let id = format!("{}/{}", deck.id, card.id);
            if let Some(first) = seen.insert(normal(question(&card.body)), id.clone()) {
                twice.push(format!("{first} and {id}"));
            }
        }
    }
    assert!(
        twice.is_empty(),
        "the same question twice:\n{}",
        twice.join("\n")
    );
}

/// Every single-answer choice card, with its id.
fn choice_cards(lib: &Library) -> Vec<(String, &CardBody)> {
    lib.decks
        .iter()
        .flat_map(|d| {
            d.cards
                .iter()
                .map(move |c| (format!("{}/{}", d.id, c.id), &c.body))
        })
        .filter(|(_, b)| matches!(b, CardBody::Choice { .. }))
        .collect()
}

#[test]
fn a_choice_card_in_fixed_order_does_not_put_the_answer_first_by_habit() {
    let lib = shipped();
    let mut fixed = 0;
    let mut first = Vec::new();
    for (id, body) in choice_cards(&lib) {
        let CardBody::Choice {
            shuffle, answers, ..
        } = body
        else {
            continue;
        };
        if *shuffle {
            continue;
        }
        fixed += 1;
        if answers.first() == Some(&0) {
            first.push(id);
        }
    }
    // Order is kept only where it carries meaning (numbers in order, "both"/"neither" last);
    // there the right answer falls where it falls, and first no more often than elsewhere.
    assert!(
        first.len() * 2 <= fixed,
        "{} of {fixed} fixed-order choice cards have the right answer first: {first:?}",
        first.len()
    );
}

#[test]
fn the_right_choice_is_rarely_the_longest_by_far() {
    let lib = shipped();
    let mut single = 0;
    let mut long = Vec::new();
    for (id, body) in choice_cards(&lib) {
        let CardBody::Choice {
            choices,
            answers,
            multi,
            ..
        } = body
        else {
            continue;
        };
        if *multi {
            continue;
        }
        single += 1;
        let right = choices[answers[0]].chars().count() as f64;
        let longest_other = choices
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != answers[0])
            .map(|(_, c)| c.chars().count())
            .max()
            .unwrap_or(0) as f64;
        if right > 1.3 * longest_other {
            long.push(id);
        }
    }
    assert!(single > 50, "{single} single-answer choice cards");
    assert!(
        long.len() * 100 <= single * 15,
        "{} of {single} single-answer choice cards have a right option over 1.3x longer than \
         every other: {long:?}",
        long.len()
    );
}

#[test]
fn no_question_contains_its_own_answer() {
    let lib = shipped();
    let mut leaks = Vec::new();
    for deck in &lib.decks {
        for card in &deck.cards {
            let id = format!("{}/{}", deck.id, card.id);
            match &card.body {
                CardBody::Choice {
                    prompt,
                    choices,
                    answers,
                    multi: false,
                    ..
                } => {
                    let right = &choices[answers[0]];
                    if contains_word(prompt, right) {
                        leaks.push(format!("{id}: the prompt says {right:?}"));
                    }
                }
                CardBody::Cloze { text, gaps, .. } => {
                    // The text with every gap blanked out must not give a gap's answer away.
                    let mut rest = text.clone();
                    for gap in gaps.iter().rev() {
                        rest.replace_range(gap.span.clone(), "___");
                    }
                    for gap in gaps {
                        for answer in std::iter::once(&gap.answer).chain(&gap.alternatives) {
                            if answer.chars().count() >= 2 && contains_word(&rest, answer) {
                                leaks.push(format!("{id}: the text says {answer:?}"));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

#[test]
fn every_choice_has_distinct_real_distractors() {
    let lib = shipped();
    let mut bad = Vec::new();
    for (id, body) in choice_cards(&lib) {
        let CardBody::Choice { choices, .. } = body else {
            continue;
        };
        let mut seen = std::collections::BTreeSet::new();
        if choices.len() < 3 {
            bad.push(format!("{id}: only {} choices", choices.len()));
        }
        for c in choices {
            let n = normal(c);
            // A catch-all option is no misconception: it tests the format, not the fact.
            if n.contains("all of the above") || n.contains("none of the above") {
                bad.push(format!("{id}: {c:?}"));
            }
            if !seen.insert(n) {
                bad.push(format!("{id}: {c:?} twice"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn quizzes_leave_deep_dive_cards_out_unless_asked_for() {
    let lib = shipped();
    let deep: Vec<String> = lib
        .decks
        .iter()
        .flat_map(|d| {
            d.cards
                .iter()
                .filter(|c| c.tags.iter().any(|t| t == DEEP_DIVE))
                .map(move |c| format!("{}/{}", d.id, c.id))
        })
        .collect();
    assert!(deep.len() >= 20, "{} deep-dive cards", deep.len());
    let is_deep = |item: &str| deep.iter().any(|d| item.split('#').next() == Some(d));
    for seed in 0..20 {
        let all = pick_quiz(&lib, &QuizFilter::default(), 10_000, seed);
        assert!(all.len() > 300, "{} items in an unfiltered quiz", all.len());
        assert!(
            !all.iter().any(|i| is_deep(i)),
            "seed {seed}: a deep-dive item in a quiz"
        );
        let asked = QuizFilter {
            tag: Some(DEEP_DIVE.into()),
            ..QuizFilter::default()
        };
        let only = pick_quiz(&lib, &asked, 10_000, seed);
        assert!(!only.is_empty() && only.iter().all(|i| is_deep(i)));
    }
}
