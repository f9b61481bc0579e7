//! Loading 100,000 cards: 100 decks of 1,000 mixed cards, through the full validating loader,
//! against the baseline of merely parsing the same TOML into a generic table.

use kubedrill::deck::{Origin, load_library};
use std::fmt::Write;

fn main() {
    divan::main();
}

const DECKS: usize = 100;
const CARDS_PER_DECK: usize = 1_000;

/// One deck of mixed cards; every 100th is a placement card with a small cluster.
fn deck_text(d: usize) -> String {
    let mut t =
        format!("[deck]\nid = \"bench-{d}\"\ntitle = \"Bench deck {d}\"\ntags = [\"bench\"]\n");
    for c in 0..CARDS_PER_DECK {
        let id = format!("card-{c}");
        let src = "source = \"domain-facts §4\"\n";
        let body = match c % 5 {
            _ if c % 100 == 99 => format!(
                "kind = \"placement\"\nprompt = \"Which nodes get a pod?\"\nnodes = '''\nkind: List\nitems:\n- kind: Node\n  metadata: {{name: a{c}, labels: {{zone: a}}}}\n- kind: Node\n  metadata: {{name: b{c}}}\n  spec:\n    taints: [{{key: gpu, effect: NoSchedule}}]\n'''\ndaemonset = '''\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: ds}}\nspec:\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec:\n      nodeSelector: {{zone: a}}\n'''\n"
            ),
            0 => format!(
                "kind = \"flash\"\nfront = \"Front of card {c} in deck {d}\"\nback = \"The back says something precise about DaemonSets, number {c}.\"\n"
            ),
            1 => format!(
                "kind = \"choice\"\nprompt = \"Question {c}?\"\nchoices = [\"first option\", \"second option\", \"third option\", \"fourth option\"]\nanswer = {}\nexplain = \"Because of rule {c}.\"\n",
                c % 4
            ),
            2 => format!(
                "kind = \"truefalse\"\nstatement = \"Statement number {c} is true.\"\nanswer = {}\nexplain = \"So it is.\"\n",
                c % 2 == 0
            ),
            3 => format!(
                "kind = \"choice\"\nprompt = \"Pick two for {c}\"\nchoices = [\"a\", \"b\", \"c\"]\nanswers = [0, 2]\n"
            ),
            _ => format!(
                "kind = \"cloze\"\ntext = \"The {{{{NoExecute}}}} effect evicts and {{{{NoSchedule|no schedule}}}} keeps, card {c}.\"\n"
            ),
        };
        write!(t, "\n[[card]]\nid = \"{id}\"\n{src}{body}").unwrap();
    }
    t
}

fn sources() -> Vec<(Origin, String)> {
    (0..DECKS)
        .map(|d| (Origin::File(format!("bench-{d}.toml")), deck_text(d)))
        .collect()
}

/// The whole loader: parse, validate every card (placement YAML included), check ids.
#[divan::bench(sample_count = 10)]
fn load_100k_cards(bencher: divan::Bencher) {
    bencher.with_inputs(sources).bench_values(|s| {
        let (library, warnings) = load_library(s);
        assert!(warnings.is_empty());
        assert_eq!(
            library.decks.iter().map(|d| d.cards.len()).sum::<usize>(),
            DECKS * CARDS_PER_DECK
        );
        library
    });
}

/// Baseline: the same text parsed into a generic TOML table, no validation.
#[divan::bench(sample_count = 10)]
fn baseline_toml_parse_100k_cards(bencher: divan::Bencher) {
    bencher.with_inputs(sources).bench_values(|s| {
        s.iter()
            .map(|(_, text)| text.parse::<toml::Table>().unwrap().len())
            .sum::<usize>()
    });
}
