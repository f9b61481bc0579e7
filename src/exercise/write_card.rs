//! Grading a write card: the learner's manifest is read as the API server reads it, then the
//! engine decides it on every cluster of the card, node by node, against what the card's
//! reference does there (a node where the reference keeps a running pod only needs to keep it).

use crate::deck::{CardCluster, WriteCard};
use crate::exercise::drill::{GoalCluster, Graded, ManifestProblem, Want, grade_on, read_answer};
use crate::placement::Outcome;

/// Per node of every cluster, or why the API server would refuse the manifest.
pub fn grade_write(card: &WriteCard, text: &str) -> Result<Graded, Vec<ManifestProblem>> {
    let ds = read_answer(text)?;
    let clusters: Vec<GoalCluster> = card.clusters.iter().map(goal_cluster).collect();
    Ok(grade_on(&ds, &clusters))
}

/// The nodes of the shown cluster the reference runs a pod on.
pub fn write_expected(card: &WriteCard) -> Vec<&str> {
    card.clusters.first().map_or_else(Vec::new, |c| {
        c.nodes
            .iter()
            .zip(&c.outcomes)
            .filter(|(_, o)| **o == Outcome::Runs)
            .map(|(n, _)| n.name())
            .collect()
    })
}

fn goal_cluster(c: &CardCluster) -> GoalCluster {
    GoalCluster {
        name: c.name.clone(),
        about: c.about.clone(),
        nodes: c.nodes.clone(),
        wants: c
            .nodes
            .iter()
            .zip(&c.outcomes)
            .map(|(n, o)| {
                let want = match o {
                    Outcome::Runs => Want::Pod,
                    // R3.4: an untolerated NoSchedule taint keeps a running pod; so must theirs.
                    Outcome::KeepsExisting => Want::Keeps,
                    Outcome::NoPod | Outcome::Evicted => Want::NoPod,
                };
                (n.name().to_owned(), want)
            })
            .collect(),
    }
}
