//! Automatic grading of choice, true/false, cloze and placement items, on shipped cards.

use kubedrill::deck::{CardBody, Library, gaps, load_shipped};
use kubedrill::exercise::{grade_choice, grade_cloze, grade_placement, grade_truefalse};
use kubedrill::placement::{FeatureGates, Outcome};
use kubedrill::srs::Rating;
use std::collections::BTreeSet;

fn shipped() -> Library {
    load_shipped().0
}

#[test]
fn choice_needs_exactly_the_right_choices() {
    assert!(grade_choice(&[1], &[1]));
    assert!(!grade_choice(&[1], &[0]));
    assert!(grade_choice(&[0, 2], &[2, 0]));
    assert!(
        !grade_choice(&[0, 2], &[0]),
        "a multi-answer item needs every right choice"
    );
    assert!(!grade_choice(&[0, 2], &[0, 1, 2]), "and nothing else");
    assert_eq!(
        Rating::from_correct(grade_choice(&[1], &[2])),
        Rating::Again
    );
    assert_eq!(Rating::from_correct(grade_choice(&[1], &[1])), Rating::Good);
}

#[test]
fn truefalse_and_cloze() {
    assert!(grade_truefalse(false, false));
    assert!(!grade_truefalse(true, false));
    let g = &gaps("The {{NoExecute|no execute}} effect").unwrap()[0];
    assert!(grade_cloze(g, "  noexecute "));
    assert!(grade_cloze(g, "No   Execute"));
    assert!(!grade_cloze(g, "NoSchedule"));
}

#[test]
fn placement_items_are_graded_by_the_engine() {
    let lib = shipped();
    let mut graded = 0;
    for deck in &lib.decks {
        for card in &deck.cards {
            let CardBody::Placement(p) = &card.body else {
                continue;
            };
            // Marking exactly the nodes the engine places is right; flipping any one is wrong.
            let truth = grade_placement(p, &BTreeSet::new(), FeatureGates::default());
            let right: BTreeSet<String> = truth
                .nodes
                .iter()
                .filter(|n| n.gets_pod)
                .map(|n| n.node.clone())
                .collect();
            let grade = grade_placement(p, &right, FeatureGates::default());
            assert!(grade.correct(), "{}/{}", deck.id, card.id);
            for n in &grade.nodes {
                assert_eq!(n.gets_pod, n.outcome == Outcome::Runs);
                assert_eq!(
                    n.reasons.is_empty(),
                    n.gets_pod,
                    "{}/{} {}",
                    deck.id,
                    card.id,
                    n.node
                );
            }
            let mut wrong = right.clone();
            let first = &grade.nodes[0].node;
            if !wrong.remove(first) {
                wrong.insert(first.clone());
            }
            let wrong_grade = grade_placement(p, &wrong, FeatureGates::default());
            assert!(!wrong_grade.correct());
            assert_eq!(wrong_grade.nodes.iter().filter(|n| !n.correct()).count(), 1);
            graded += 1;
        }
    }
    assert!(graded >= 25, "{graded} placement cards graded");
}
