//! Validating a `kind = "write"` card: a goal (`prompt`), a cluster (`nodes`), the manifest the
//! learner starts from (`daemonset`: a skeleton, or a fix card's broken manifest), a reference
//! (`solution`) and optional further clusters (`hidden`). The reference is read as the API
//! server reads it; the engine works out what it does on every node of every cluster, once, at
//! load time. Two variants are always added, so a manifest that pins the shown nodes by name
//! fails: the same nodes renamed, and the cluster with a copy of each node joining.

use super::card::{content_start, node_list, offset_in};
use super::parse::Ctx;
use super::raw::RawCard;
use super::{CardBody, CardCluster, WriteCard};
use crate::exercise::drill::read_answer;
use crate::placement::objects::{DaemonSet, Node};
use crate::placement::{FeatureGates, Outcome, Placement};

const HOSTNAME: &str = "kubernetes.io/hostname";

pub(super) fn write(
    cx: &mut Ctx,
    card_at: usize,
    raw: &RawCard,
    ctx: Option<&str>,
) -> Option<CardBody> {
    let prompt = cx.text(&raw.prompt, "prompt", card_at, ctx);
    let explain = cx
        .optional_text(&raw.explain, "explain", ctx)
        .unwrap_or_default();
    let nodes_yaml = cx.text(&raw.nodes, "nodes", card_at, ctx);
    let nodes = nodes_yaml
        .as_ref()
        .and_then(|y| node_list(cx, y, raw.nodes.as_ref()?.span(), "nodes", ctx));
    // The starter is kept as written: a fix card's is broken on purpose.
    let starter = cx.text(&raw.daemonset, "daemonset", card_at, ctx);
    let solution_text = cx.text(&raw.solution, "solution", card_at, ctx);
    let solution = solution_text.as_ref().and_then(|text| {
        let start = content_start(cx.text, raw.solution.as_ref()?.span().start);
        match read_answer(text) {
            Ok(ds) => Some(ds),
            Err(problems) => {
                for p in problems {
                    let at = offset_in(text, p.line.unwrap_or(1), p.column.unwrap_or(1));
                    cx.error(start + at, ctx, format!("`solution` YAML: {}", p.message));
                }
                None
            }
        }
    });
    let mut hidden = Vec::new();
    for (i, h) in raw.hidden.iter().flat_map(|h| h.get_ref()).enumerate() {
        let text = cx.check_text(h, "hidden", ctx, false)?;
        hidden.push((i + 1, node_list(cx, &text, h.span(), "hidden", ctx)?));
    }
    let (nodes, solution) = (nodes?, solution?);
    let mut clusters = vec![
        cluster(
            "shown",
            "the cluster in the card".into(),
            nodes.clone(),
            &solution,
        ),
        cluster(
            "renamed",
            "the same nodes under other names".into(),
            renamed(&nodes, "-b"),
            &solution,
        ),
        cluster(
            "grown",
            "the same cluster after a node like each of them joined".into(),
            nodes
                .iter()
                .cloned()
                .chain(renamed(&nodes, "-joined"))
                .collect(),
            &solution,
        ),
    ];
    for (n, nodes) in hidden {
        clusters.push(cluster(
            &format!("hidden-{n}"),
            format!("the card's cluster {n}"),
            nodes,
            &solution,
        ));
    }
    if !clusters[0].outcomes.contains(&Outcome::Runs) {
        cx.error(
            raw.solution.as_ref().map_or(card_at, |s| s.span().start),
            ctx,
            "the `solution` runs no pod on any node of `nodes`: there would be nothing to write",
        );
        return None;
    }
    Some(CardBody::Write(Box::new(WriteCard {
        prompt: prompt?,
        nodes_yaml: nodes_yaml?,
        starter: starter?,
        solution: solution_text?,
        clusters,
        explain,
    })))
}

fn cluster(name: &str, about: String, nodes: Vec<Node>, solution: &DaemonSet) -> CardCluster {
    let outcomes = Placement::evaluate(solution, &nodes, FeatureGates::default())
        .decisions
        .iter()
        .map(|d| d.outcome)
        .collect();
    CardCluster {
        name: name.to_owned(),
        about,
        nodes,
        outcomes,
    }
}

/// The nodes under new names (and hostname labels), everything else the same.
fn renamed(nodes: &[Node], suffix: &str) -> Vec<Node> {
    nodes
        .iter()
        .map(|n| {
            let mut n = n.clone();
            n.metadata.name.push_str(suffix);
            if n.metadata.labels.contains_key(HOSTNAME) {
                n.metadata.labels.insert(HOSTNAME, n.metadata.name.clone());
            }
            n
        })
        .collect()
}
