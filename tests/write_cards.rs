//! Write cards in the decks: the shipped ones (at least ten) are real exercises — the reference
//! passes, the starting manifest does not, pinning the shown nodes by name fails, and a prompt's
//! "DESIRED N" is what the starter gives; a user deck's broken write card is an error at its
//! line; review asks one and grades the manifest saved in the editor.

use kubedrill::deck::{CardBody, Library, Origin, WriteCard, load_shipped, parse_deck};
use kubedrill::exercise::{Question, Response, grade_write, write_expected};
use kubedrill::placement::{FeatureGates, Placement};

fn shipped() -> Library {
    load_shipped().0
}

fn write_cards(lib: &Library) -> Vec<(String, &WriteCard)> {
    lib.decks
        .iter()
        .flat_map(|d| {
            d.cards.iter().filter_map(move |c| match &c.body {
                CardBody::Write(w) => Some((format!("{}/{}", d.id, c.id), &**w)),
                _ => None,
            })
        })
        .collect()
}

fn pinned(card: &WriteCard) -> String {
    let terms: String = write_expected(card)
        .iter()
        .map(|n| {
            format!(
                "            - matchFields:\n              - {{key: metadata.name, operator: In, values: [\"{n}\"]}}\n"
            )
        })
        .collect();
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: pinned, namespace: default}}\nspec:\n  selector: {{matchLabels: {{app: pinned}}}}\n  template:\n    metadata: {{labels: {{app: pinned}}}}\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n{terms}      tolerations: [{{operator: Exists}}]\n      containers: [{{name: a, image: registry.k8s.io/pause:3.10}}]\n"
    )
}

#[test]
fn shipped_write_cards_are_real_exercises() {
    let lib = shipped();
    let cards = write_cards(&lib);
    assert!(cards.len() >= 10, "{} write cards", cards.len());
    // The seed notes' examples, done right.
    for id in [
        "writing-daemonsets/control-plane-log-agent",
        "writing-daemonsets/linux-only-exporter",
        "writing-daemonsets/worker-role-selector",
    ] {
        assert!(cards.iter().any(|(i, _)| i == id), "{id} is shipped");
    }
    for (id, card) in &cards {
        assert!(card.clusters.len() >= 3, "{id}: shown, renamed, grown");
        let graded = grade_write(card, &card.solution).unwrap();
        assert!(graded.all_correct(), "{id}: the reference fails");
        assert!(!write_expected(card).is_empty(), "{id}");
        match grade_write(card, &card.starter) {
            Ok(g) => assert!(!g.all_correct(), "{id}: the starter already passes"),
            Err(problems) => assert!(
                problems.iter().all(|p| p.line.is_some()),
                "{id}: {problems:?}"
            ),
        }
        let g = grade_write(card, &pinned(card)).unwrap();
        assert!(!g.all_correct(), "{id}: pinning the nodes by name passes");
        // "DESIRED N" in a fix card's prompt is what the starter really gives.
        if let Some(n) = card
            .prompt
            .split("DESIRED ")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            let m = kubedrill::manifest::parse("starter", card.starter.as_bytes()).unwrap();
            let shown = &card.clusters[0].nodes;
            let p = Placement::evaluate(&m.daemonsets[0], shown, FeatureGates::default());
            assert_eq!(p.desired_number_scheduled() as usize, n, "{id}: DESIRED");
        }
    }
}

const HEAD: &str = "[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n";
const NODES: &str = "nodes = '''\nkind: List\nitems:\n- kind: Node\n  metadata: {name: a, labels: {kubernetes.io/os: linux}}\n- kind: Node\n  metadata: {name: b, labels: {kubernetes.io/os: windows}}\n'''\n";
const STARTER: &str = "daemonset = '''\nkind: DaemonSet\napiVersion: apps/v1\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: x, image: x:1}]}\n'''\n";

fn card(solution: &str) -> String {
    format!(
        "{HEAD}[[card]]\nid = \"w\"\nkind = \"write\"\nprompt = \"Linux only\"\n{NODES}{STARTER}solution = '''\n{solution}'''\n"
    )
}

const SOLUTION: &str = "kind: DaemonSet\napiVersion: apps/v1\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      nodeSelector: {kubernetes.io/os: linux}\n      containers: [{name: x, image: x:1}]\n";

#[test]
fn a_user_write_card_loads_and_its_mistakes_are_errors_at_their_line() {
    let deck = parse_deck(
        "mine.toml",
        &card(SOLUTION),
        Origin::File("mine.toml".into()),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let CardBody::Write(w) = &deck.cards[0].body else {
        panic!("a write card");
    };
    assert_eq!(write_expected(w), ["a"]);
    assert_eq!(
        w.clusters
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["shown", "renamed", "grown"]
    );
    // A misspelled field in the solution: an error at its line in the deck file.
    let typo = SOLUTION.replace("nodeSelector", "nodeSelecter");
    let text = card(&typo);
    let errs = parse_deck("mine.toml", &text, Origin::File("mine.toml".into())).unwrap_err();
    let line = text
        .lines()
        .position(|l| l.contains("nodeSelecter"))
        .unwrap()
        + 1;
    let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|e| e.starts_with(&format!("mine.toml:{line}:")) && e.contains("nodeSelecter")),
        "{shown:?}"
    );
    // A solution that runs nowhere would be nothing to write.
    let nowhere = SOLUTION.replace("linux", "plan9");
    let errs = parse_deck(
        "mine.toml",
        &card(&nowhere),
        Origin::File("mine.toml".into()),
    )
    .unwrap_err();
    assert!(errs[0].to_string().contains("runs no pod"), "{errs:?}");
    // A field of another kind does not belong.
    let text = card(SOLUTION).replace("kind = \"write\"", "kind = \"placement\"");
    let errs = parse_deck("mine.toml", &text, Origin::File("mine.toml".into())).unwrap_err();
    assert!(
        errs.iter().any(|e| e
            .to_string()
            .contains("field `solution` does not belong to a placement card")),
        "{errs:?}"
    );
}

#[test]
fn a_write_card_is_asked_and_graded_as_a_question() {
    let lib = shipped();
    let q = Question::for_item(&lib, "writing-daemonsets/gpu-only-plugin", 1).unwrap();
    assert!(q.is_graded());
    let CardBody::Write(card) = &lib
        .deck("writing-daemonsets")
        .unwrap()
        .card("gpu-only-plugin")
        .unwrap()
        .body
    else {
        panic!();
    };
    let gates = FeatureGates::default();
    assert_eq!(
        q.grade(&Response::Manifest(card.solution.clone()), gates),
        Some(true)
    );
    assert_eq!(
        q.grade(&Response::Manifest(card.starter.clone()), gates),
        Some(false)
    );
    // Refused by the API server: not an answer at all.
    assert_eq!(
        q.grade(&Response::Manifest("kind: Nope\n".into()), gates),
        None
    );
    assert!(
        q.answer_text(gates).contains("gpu-1, gpu-2"),
        "{}",
        q.answer_text(gates)
    );
}
