//! The shipped curriculum: loads cleanly, meets the counts, cites real sections, and every
//! placement card is a real question (at least two different outcomes among its nodes).

use kubedrill::deck::{CardBody, ItemKind, Library, load_shipped};
use kubedrill::placement::validation::validate_daemonset;
use kubedrill::placement::{FeatureGates, Placement};
use std::collections::BTreeSet;

fn shipped() -> Library {
    let (library, warnings) = load_shipped();
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.is_empty(),
        "shipped decks have problems:\n{}",
        shown.join("\n")
    );
    library
}

/// A citation names a section that exists: domain-facts §1–§17 (and §17.1–§17.12), Errors (a)–(j), Further errors;
/// placement-spec R1–R15 (with sub-rules) or §0–§11.
fn cites_a_real_section(citation: &str) -> bool {
    let c = citation.trim();
    if let Some(rest) = c.strip_prefix("domain-facts ") {
        if let Some(n) = rest.strip_prefix('§') {
            // §17 has numbered subsections (§17.1–§17.12).
            if let Some(sub) = n.strip_prefix("17.") {
                return sub.parse::<u32>().is_ok_and(|n| (1..=12).contains(&n));
            }
            return n.parse::<u32>().is_ok_and(|n| (1..=17).contains(&n));
        }
        if let Some(letter) = rest
            .strip_prefix("Errors (")
            .and_then(|r| r.strip_suffix(')'))
        {
            return letter.len() == 1 && ("a"..="j").contains(&letter);
        }
        return rest == "Further errors";
    }
    if let Some(rest) = c.strip_prefix("placement-spec ") {
        if let Some(n) = rest.strip_prefix('§') {
            return n.parse::<u32>().is_ok_and(|n| n <= 11);
        }
        if let Some(rule) = rest.strip_prefix('R') {
            let mut parts = rule.splitn(2, '.');
            let major = parts.next().and_then(|m| m.parse::<u32>().ok());
            let minor_ok = parts.next().is_none_or(|m| m.parse::<u32>().is_ok());
            return major.is_some_and(|m| (1..=15).contains(&m)) && minor_ok;
        }
    }
    false
}

fn check_source(what: &str, source: Option<&String>, bad: &mut Vec<String>) {
    match source {
        None => bad.push(format!("{what}: no source")),
        Some(s) => {
            // The screens show each reference in words: one without is a bare number there.
            for c in kubedrill::deck::unknown_references(s) {
                bad.push(format!("{what}: {c:?} has no words in deck/sources.rs"));
            }
            for c in s.split(';') {
                if !cites_a_real_section(c) {
                    bad.push(format!(
                        "{what}: {c:?} is not a section of domain-facts or placement-spec"
                    ));
                }
            }
        }
    }
}

#[test]
fn every_shipped_item_cites_an_existing_section() {
    let lib = shipped();
    let mut bad = Vec::new();
    for d in &lib.decks {
        for c in &d.cards {
            check_source(&format!("{}/{}", d.id, c.id), c.source.as_ref(), &mut bad);
        }
        for t in &d.tables {
            for r in &t.rows {
                check_source(
                    &format!("{}/{}/{}", d.id, t.id, r.id),
                    r.source.as_ref(),
                    &mut bad,
                );
            }
        }
        for l in &d.lessons {
            check_source(
                &format!("{} lesson {}", d.id, l.id),
                l.source.as_ref(),
                &mut bad,
            );
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_curriculum_is_big_enough() {
    let lib = shipped();
    assert!(lib.decks.len() >= 10, "{} decks", lib.decks.len());
    let items: Vec<_> = lib.decks.iter().flat_map(|d| d.items()).collect();
    let review_items = items
        .iter()
        .filter(|i| i.kind != ItemKind::TableCell)
        .count();
    assert!(review_items >= 180, "{review_items} review items");
    let placement = items
        .iter()
        .filter(|i| i.kind == ItemKind::Placement)
        .count();
    assert!(placement >= 25, "{placement} placement cards");
    let ids: BTreeSet<_> = items.iter().map(|i| i.id.clone()).collect();
    assert_eq!(ids.len(), items.len(), "item ids are unique");
}

#[test]
fn every_shipped_placement_card_has_two_outcomes_and_a_valid_daemonset() {
    let lib = shipped();
    let mut bad = Vec::new();
    for d in &lib.decks {
        for c in &d.cards {
            if let CardBody::Placement(p) = &c.body {
                let placement =
                    Placement::evaluate(&p.daemonset, &p.nodes, FeatureGates::default());
                let outcomes: BTreeSet<_> = placement.decisions.iter().map(|d| d.outcome).collect();
                if outcomes.len() < 2 {
                    bad.push(format!(
                        "{}/{}: every node has outcome {:?}",
                        d.id, c.id, outcomes
                    ));
                }
                let errs = validate_daemonset(&p.daemonset, FeatureGates::default());
                if !errs.is_empty() {
                    bad.push(format!(
                        "{}/{}: the API server would reject the DaemonSet: {}",
                        d.id, c.id, errs[0]
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_three_lessons_and_the_comparison_table_are_there() {
    let lib = shipped();
    let lesson = |id: &str| {
        lib.decks
            .iter()
            .flat_map(|d| &d.lessons)
            .find(|l| l.id == id)
            .unwrap_or_else(|| panic!("lesson {id}"))
    };
    assert!(lesson("system-and-user-daemonsets").steps.len() >= 8);
    assert!(lesson("pod-to-node").steps.len() >= 4);
    assert!(lesson("a-nodes-life").steps.len() >= 6);
    let table = lib
        .decks
        .iter()
        .flat_map(|d| &d.tables)
        .find(|t| t.id == "workloads")
        .expect("workloads table");
    assert!(table.rows.len() >= 12, "{} rows", table.rows.len());
    assert!(
        table.columns.iter().any(|c| c == "DaemonSet")
            && table.columns.iter().any(|c| c == "StatefulSet")
    );
}

#[test]
fn no_shipped_card_claims_pods_bypass_the_scheduler_as_current() {
    // The study notes' pre-1.12 claim (domain-facts Errors (a)) may only appear as a trap.
    let lib = shipped();
    for d in &lib.decks {
        for c in &d.cards {
            if let CardBody::TrueFalse {
                statement,
                answer: true,
                ..
            } = &c.body
            {
                let s = statement.to_lowercase();
                assert!(
                    !(s.contains("bypass") && s.contains("scheduler") && !s.contains("1.12")),
                    "{}/{}: {statement}",
                    d.id,
                    c.id
                );
            }
        }
    }
}
