//! The fast YAML reader (manifest/yaml_fast.rs) must answer exactly as serde-saphyr does, or
//! step aside: every input here is read both ways and the results (or the errors) compared.

#[path = "../benches/fixtures.rs"]
mod fixtures;

use kubedrill::manifest::{fast_reader_declines, parse, parse_without_fast_reader};
use proptest::prelude::*;
use std::path::Path;

/// Both readers' answers, as text (the manifest's objects, or the error message).
fn both(text: &str) -> (String, String) {
    let show =
        |r: Result<kubedrill::manifest::Manifest, kubedrill::manifest::ManifestError>| match r {
            Ok(m) => format!(
                "nodes {:?}\ndaemonsets {:?}\npods {:?}\nskipped {:?}",
                m.nodes, m.daemonsets, m.pods, m.skipped
            ),
            Err(e) => format!("error {e}"),
        };
    (
        show(parse("in.yaml", text.as_bytes())),
        show(parse_without_fast_reader("in.yaml", text.as_bytes())),
    )
}

fn assert_agree(text: &str) {
    let (fast, full) = both(text);
    assert_eq!(fast, full, "the readers disagree on:\n{text}");
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            out.push(p);
        }
    }
}

#[test]
fn every_manifest_in_the_repository_reads_the_same_both_ways() {
    let mut files = Vec::new();
    for dir in ["tests", "examples", "fuzz/seeds/manifest", "decks"] {
        yaml_files(Path::new(dir), &mut files);
    }
    assert!(files.len() > 20, "{files:?}");
    let mut read_fast = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let (fast, full) = both(&text);
        assert_eq!(fast, full, "{}", f.display());
        if fast_reader_declines(&text).is_none() {
            read_fast += 1;
        }
    }
    assert!(
        read_fast > 10,
        "the fast reader read only {read_fast} files"
    );
}

#[test]
fn kubectl_shaped_node_lists_are_read_by_the_fast_reader() {
    let yaml = fixtures::node_list_yaml(60);
    assert_eq!(fast_reader_declines(&yaml), None);
    assert_agree(&yaml);
    let example = std::fs::read_to_string("examples/nodes.yaml").unwrap();
    assert_eq!(fast_reader_declines(&example), None);
    // A NodeList as the API serves it has items without a kind: their parts are read again
    // from the positioned tree (manifest::Tree), and the generic values the fast reader would
    // build for them hold numbers it leaves to serde-saphyr.
    let api = std::fs::read_to_string("tests/fixtures/nodelist-gpu-node.yaml").unwrap();
    assert!(fast_reader_declines(&api).is_some());
    assert_agree(&api);
}

#[test]
fn what_the_fast_reader_is_not_sure_of_goes_to_serde_saphyr() {
    for (text, declines) in [
        ("kind: Node\nmetadata: {name: a, labels: {x: yes}}\n", false),
        (
            "kind: Node\nmetadata: {name: a}\nspec: {unschedulable: yes}\n",
            true,
        ),
        (
            "kind: Node\nmetadata: {name: a}\nstatus: {allocatable: {cpu: 4}}\n",
            true,
        ),
        (
            "kind: Node\nmetadata: {name: a}\nstatus: {allocatable: {cpu: 3800m}}\n",
            false,
        ),
        ("kind: Node\nmetadata: {name: a, labels: {x: ~}}\n", true),
        ("kind: Node\nmetadata: {name: a, labels: {x: }}\n", true),
        ("kind: Node\nmetadata: &a {name: a}\n", true),
        (
            "kind: Node\nmetadata: {name: a, annotations: {x: '1', x: '2'}}\n",
            true,
        ),
        ("metadata: {name: a}\nkind: Node\n", false),
        (
            "kind: Node\nmetadata: {name: a}\n---\nkind: Node\nmetadata: {name: b}\n",
            false,
        ),
        (
            "kind: Node\nmetadata: {name: a}\n---\n---\nkind: Node\nmetadata: {name: b}\n",
            true,
        ),
        (
            "kind: Node\nmetadata:\n  name: a\n  labels:\n    x: |\n      two\n      lines\n",
            false,
        ),
        ("kind: Node\nmetadata: {name: a\n", true),
        ("- just a list\n", true),
    ] {
        assert_eq!(
            fast_reader_declines(text).is_some(),
            declines,
            "{text}: {:?}",
            fast_reader_declines(text)
        );
        assert_agree(text);
    }
}

/// A scalar in one of YAML's styles.
fn scalar() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "a",
        "amd64",
        "yes",
        "No",
        "on",
        "true",
        "False",
        "null",
        "~",
        "",
        "08",
        "0x1F",
        "1_000",
        "1.5",
        ".inf",
        "-.Inf",
        "NaN",
        "1e3",
        "1:20",
        "7850m",
        "29908740Ki",
        "eu-west-1a",
        "2024-10-27T15:21:21Z",
        "a b",
        "x: y",
        "#c",
        "-",
        "?",
        "'",
        "\"",
        "\\",
        "é",
        "0",
        "-0",
        "1e999",
        "-9E400",
        "+.NaN",
        "55c128d6-e1bd",
    ]);
    (words, 0..5u8).prop_map(|(w, style)| match style {
        0 | 1 => w.to_owned(),
        2 => format!("'{}'", w.replace('\'', "''")),
        3 => format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => format!("|-\n        {w}"),
    })
}

/// A key: mostly ordinary ones, sometimes one YAML or the readers treat specially.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "key", "value", "effect"]),
        1 => prop::sample::select(vec!["<<", "1", "true", "~", "name", "'x'", "\"y\""]),
    ]
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Nodes with labels, taints, conditions, allocatable and an unread subtree, each value a
    /// tricky scalar in a random style, the keys sometimes repeated or odd.
    #[test]
    fn tricky_nodes_read_the_same_both_ways(
        labels in prop::collection::vec((key(), scalar()), 0..5),
        taint in prop::collection::vec((key(), scalar()), 0..4),
        unschedulable in prop_oneof![4 => Just("true".to_owned()), 4 => Just("false".to_owned()), 1 => scalar()],
        cpu in prop_oneof![4 => Just("3800m".to_owned()), 1 => scalar()],
        annotation in prop::collection::vec((key(), scalar()), 0..4),
        kind_last in any::<bool>(),
    ) {
        let mut text = String::new();
        if !kind_last {
            text.push_str("kind: Node\n");
        }
        text.push_str("metadata:\n  name: n1\n  labels:\n");
        for (k, v) in &labels {
            text.push_str(&format!("    {k}: {v}\n"));
        }
        text.push_str("  annotations:\n");
        for (k, v) in &annotation {
            text.push_str(&format!("    {k}: {v}\n"));
        }
        text.push_str(&format!("spec:\n  unschedulable: {unschedulable}\n  taints:\n  -\n"));
        for (k, v) in &taint {
            text.push_str(&format!("    {k}: {v}\n"));
        }
        text.push_str(&format!("status:\n  allocatable:\n    cpu: {cpu}\n  conditions:\n  - type: Ready\n    status: \"True\"\n"));
        if kind_last {
            text.push_str("kind: Node\n");
        }
        let (fast, full) = both(&text);
        prop_assert_eq!(fast, full, "{}", text);
    }
}
