//! "Write the DaemonSet": a generated cluster and a goal in words; the learner writes the
//! manifest from a skeleton (name, selector, template, container) and the engine grades it on
//! the shown cluster and on hidden variants of it.

use super::exercise::{Exercise, Row, RowValue};
use super::manifest_task::{ManifestTask, cluster_text};
use super::rule_key::Practice;
use super::score::Graded;
use super::step::{Built, Step};
use super::{DrillError, yaml};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteQuestion {
    #[serde(flatten)]
    pub task: ManifestTask,
}

impl Exercise for WriteQuestion {
    /// The manifest as the learner wrote it.
    type Answer = String;
    const PRACTISES: &'static [Practice] = &[Practice::Placement];

    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let (mut task, shown) = ManifestTask::draw(step)?;
        let skeleton = task.goal_template.skeleton();
        // The skeleton alone must not already do what the goal asks.
        if task.accepts(&skeleton) {
            return None;
        }
        task.starter = yaml::daemonset_yaml(&skeleton);
        let prompt = format!(
            "Goal: {}\n\nThe cluster:\n\n{}\nWrite DaemonSet {}/{} so that it does exactly that, here and on any cluster like this one: it is also graded on hidden variants (other node names, new nodes joining, nodes that gain the taints or states the goal speaks of). Start from the manifest below: its name, selector, template and container are there.",
            task.goal,
            cluster_text(task.goal_template, &shown.nodes),
            skeleton.namespace(),
            skeleton.metadata.name,
        );
        Some(Built {
            title: format!("Write {}", skeleton.metadata.name),
            prompt,
            nodes: shown.nodes,
            daemonset: skeleton,
            trap: None,
            question: WriteQuestion { task },
        })
    }

    fn expected(&self) -> String {
        self.task.solution.clone()
    }

    fn grade(&self, answer: &String) -> Result<Graded, DrillError> {
        self.task.grade(answer)
    }

    fn rows(&self) -> Vec<Row> {
        ManifestTask::rows()
    }

    fn answer(&self, _rows: &[Row], values: &[RowValue]) -> String {
        ManifestTask::answer(values)
    }

    fn task(&self) -> Option<&ManifestTask> {
        Some(&self.task)
    }
}
