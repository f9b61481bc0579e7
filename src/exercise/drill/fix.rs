//! "Fix the DaemonSet": the reference manifest for a goal, broken by one of the classic
//! mistakes, with its symptom as a practitioner would see it (`kubectl get ds`, the pods, the
//! node taints, or kubectl's refusal). The learner repairs it; it is graded like a written one.

use super::cluster::{
    CONTROL_PLANE, GPU_PRESENT, GPU_TAINT, NO_EXECUTE, SPOT_LABEL, SPOT_TAINT, ZONE, ZONES,
};
use super::exercise::{Exercise, Row, RowValue};
use super::goal::Goal;
use super::manifest_task::{ManifestTask, cluster_text};
use super::predict::expectations;
use super::rule_key::Practice;
use super::score::Graded;
use super::step::{Built, Step};
use super::text_table::render;
use super::{DrillError, gates, yaml};
use crate::manifest;
use crate::manifest::strict;
use crate::placement::objects::{DaemonSet, Toleration};
use rand::seq::IndexedRandom;
use serde::Serialize;

/// The classic mistakes a fix drill starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Breakage {
    /// `nodeSelector: {node-role.kubernetes.io/worker: ""}`: kubeadm never sets that label
    /// (domain-facts §17.1), so it matches no node.
    WorkerRoleSelector,
    /// The control-plane toleration is missing: kubeadm's `control-plane:NoSchedule` keeps the
    /// pod off (R3.4, R4.1).
    MissingControlPlaneToleration,
    /// A toleration with the wrong effect (R5.1).
    WrongEffect,
    /// A toleration whose key is not the taint's: the label's key, or the pre-1.25 `master`.
    WrongKey,
    /// `operator: Equal` with a value the taint does not have (R5.2).
    EqualWrongValue,
    /// A `nodeSelector` where the goal needs `NotIn` (R6.1 against R6.5).
    SelectorForNotIn,
    /// A field name misspelled: strict decoding refuses the file.
    MisspelledField,
    /// `replicas` and `strategy` left over from a Deployment (domain-facts §17.8).
    DeploymentLeftovers,
    /// A NoExecute toleration with `tolerationSeconds`: evicted and recreated forever (§17.3).
    ChurningToleration,
}

impl Breakage {
    pub const ALL: [Breakage; 9] = [
        Breakage::WorkerRoleSelector,
        Breakage::MissingControlPlaneToleration,
        Breakage::WrongEffect,
        Breakage::WrongKey,
        Breakage::EqualWrongValue,
        Breakage::SelectorForNotIn,
        Breakage::MisspelledField,
        Breakage::DeploymentLeftovers,
        Breakage::ChurningToleration,
    ];

    /// Can this mistake be made in the goal's reference manifest?
    pub fn fits(self, goal: Goal) -> bool {
        use Goal::*;
        match self {
            Breakage::WorkerRoleSelector => matches!(
                goal,
                LinuxOnly | LinuxExceptSpot | StayThroughTrouble | IncludingSpot
            ),
            Breakage::MissingControlPlaneToleration => matches!(
                goal,
                ControlPlaneOnly
                    | LinuxExceptSpot
                    | OutsideZone
                    | StayThroughTrouble
                    | IncludingSpot
            ),
            Breakage::WrongEffect | Breakage::WrongKey => matches!(
                goal,
                ControlPlaneOnly
                    | GpuOnly
                    | LinuxExceptSpot
                    | OutsideZone
                    | IncludingSpot
                    | NewKernels
            ),
            Breakage::EqualWrongValue => matches!(goal, GpuOnly | IncludingSpot),
            Breakage::SelectorForNotIn => matches!(goal, OutsideZone | LinuxExceptSpot),
            Breakage::MisspelledField | Breakage::DeploymentLeftovers => true,
            Breakage::ChurningToleration => matches!(goal, IncludingSpot | NewKernels),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixQuestion {
    #[serde(flatten)]
    pub task: ManifestTask,
    pub breakage: Breakage,
    /// What the learner sees go wrong.
    pub symptom: String,
}

/// The toleration the goal's reference has for a taint key, to break.
fn toleration_for<'a>(ds: &'a mut DaemonSet, key: &str) -> Option<&'a mut Toleration> {
    ds.spec
        .template
        .spec
        .tolerations
        .iter_mut()
        .find(|t| t.key == key)
}

/// The key of the taint the breakage is about: the control plane's where the reference
/// tolerates it, else the GPU's or the spot taint.
fn broken_key(ds: &DaemonSet) -> Option<String> {
    let keys: Vec<&str> = ds
        .spec
        .template
        .spec
        .tolerations
        .iter()
        .map(|t| t.key.as_str())
        .collect();
    [CONTROL_PLANE, GPU_TAINT, SPOT_TAINT]
        .into_iter()
        .find(|k| keys.contains(k))
        .map(str::to_owned)
}

/// The broken manifest as text, or `None` when the mistake cannot be made here.
fn break_it(breakage: Breakage, goal: Goal, mut ds: DaemonSet) -> Option<String> {
    match breakage {
        Breakage::WorkerRoleSelector => {
            let spec = &mut ds.spec.template.spec;
            spec.affinity = None;
            spec.node_selector.clear();
            spec.node_selector
                .insert("node-role.kubernetes.io/worker".to_owned(), String::new());
        }
        Breakage::MissingControlPlaneToleration => {
            let spec = &mut ds.spec.template.spec;
            let before = spec.tolerations.len();
            spec.tolerations.retain(|t| t.key != CONTROL_PLANE);
            if spec.tolerations.len() == before {
                return None;
            }
        }
        Breakage::WrongEffect => {
            let key = broken_key(&ds)?;
            let t = toleration_for(&mut ds, &key)?;
            t.effect = if t.effect == NO_EXECUTE {
                "NoSchedule".to_owned()
            } else {
                NO_EXECUTE.to_owned()
            };
        }
        Breakage::WrongKey => {
            let key = broken_key(&ds)?;
            let t = toleration_for(&mut ds, &key)?;
            t.key = match key.as_str() {
                // The label's key, not the taint's: a classic with the GPU operator's nodes.
                GPU_TAINT => GPU_PRESENT.to_owned(),
                SPOT_TAINT => SPOT_LABEL.to_owned(),
                // The pre-1.25 key, still in many blog posts and charts.
                _ => "node-role.kubernetes.io/master".to_owned(),
            };
        }
        Breakage::EqualWrongValue => {
            let key = [GPU_TAINT, SPOT_TAINT].into_iter().find(|k| {
                ds.spec
                    .template
                    .spec
                    .tolerations
                    .iter()
                    .any(|t| t.key == *k)
            })?;
            let t = toleration_for(&mut ds, key)?;
            t.operator = "Equal".to_owned();
            // GPU taints are `present`, spot taints `true`: the other word.
            t.value = if key == GPU_TAINT { "true" } else { "yes" }.to_owned();
        }
        Breakage::SelectorForNotIn => {
            let spec = &mut ds.spec.template.spec;
            spec.affinity = None;
            match goal {
                Goal::OutsideZone => {
                    spec.node_selector
                        .insert(ZONE.to_owned(), ZONES[0].to_owned());
                }
                _ => {
                    spec.node_selector
                        .insert(SPOT_LABEL.to_owned(), "on-demand".to_owned());
                }
            }
        }
        Breakage::ChurningToleration => {
            let t = toleration_for(&mut ds, SPOT_TAINT)?;
            t.toleration_seconds = Some(60);
        }
        Breakage::MisspelledField => {
            let text = yaml::daemonset_yaml(&ds);
            // The first field the reference has, misspelled as people do.
            let swaps = [
                ("      tolerations:\n", "      toleration:\n"),
                ("      nodeSelector:\n", "      nodeselector:\n"),
                (
                    "              matchExpressions:\n",
                    "              matchExpression:\n",
                ),
                ("      hostNetwork: true\n", "      hostnetwork: true\n"),
                ("      containers:\n", "      container:\n"),
            ];
            let (from, to) = swaps.into_iter().find(|(from, _)| text.contains(from))?;
            return Some(text.replacen(from, to, 1));
        }
        Breakage::DeploymentLeftovers => {
            let text = yaml::daemonset_yaml(&ds);
            return Some(text.replacen(
                "\nspec:\n",
                "\nspec:\n  replicas: 3\n  strategy:\n    type: RollingUpdate\n",
                1,
            ));
        }
    }
    Some(yaml::daemonset_yaml(&ds))
}

/// A DaemonSet pod's name as the controller makes them (`name-` and five characters), the same
/// for the same node every time.
fn pod_name(ds: &str, i: u64) -> String {
    const CHARS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ds.len() as u64;
    let suffix: String = (0..5)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            CHARS[(x >> 33) as usize % CHARS.len()] as char
        })
        .collect();
    format!("{ds}-{suffix}")
}

/// What the learner sees: kubectl's refusal, or `kubectl get ds` and where the pods are.
fn symptom(task: &ManifestTask, starter: &str, file: &str) -> String {
    let refused: Vec<String> = strict::check(starter)
        .into_iter()
        .map(|f| format!("unknown field {:?}", f.problem.path))
        .collect();
    if !refused.is_empty() {
        return format!(
            "$ kubectl apply -f {file}\nError from server (BadRequest): error when creating \"{file}\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: {}\n",
            refused.join(", ")
        );
    }
    let Ok(ds) = super::manifest_answer::read_answer(starter) else {
        return String::new();
    };
    let exps = expectations(&ds, task.nodes(), gates());
    let desired = exps.iter().filter(|e| e.decision.should_run).count();
    let churning = exps
        .iter()
        .filter(|e| e.decision.should_run && !e.decision.cautions.is_empty())
        .count();
    let ready = desired - churning;
    let selector = if ds.spec.template.spec.node_selector.is_empty() {
        "<none>".to_owned()
    } else {
        ds.spec
            .template
            .spec
            .node_selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let name = &ds.metadata.name;
    let ns = ds.namespace();
    let head = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let ds_rows = vec![
        head(&[
            "NAME",
            "DESIRED",
            "CURRENT",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "NODE SELECTOR",
            "AGE",
        ]),
        vec![
            name.clone(),
            desired.to_string(),
            desired.to_string(),
            ready.to_string(),
            desired.to_string(),
            ready.to_string(),
            selector,
            "14m".to_owned(),
        ],
    ];
    let mut out = format!("$ kubectl get ds -n {ns}\n{}", render(&ds_rows, &[], 3));
    out.push_str(&format!(
        "\n$ kubectl get pods -n {ns} -l app.kubernetes.io/name={name} -o wide\n"
    ));
    if desired == 0 {
        out.push_str(&format!("No resources found in {ns} namespace.\n"));
    } else {
        let mut rows = vec![head(&[
            "NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE",
        ])];
        for (i, e) in exps
            .iter()
            .enumerate()
            .filter(|(_, e)| e.decision.should_run)
        {
            let (ready, status, age) = if e.decision.cautions.is_empty() {
                ("1/1", "Running", "14m")
            } else {
                ("0/1", "ContainerCreating", "3s")
            };
            rows.push(vec![
                pod_name(name, i as u64),
                ready.to_owned(),
                status.to_owned(),
                "0".to_owned(),
                age.to_owned(),
                e.node.clone(),
            ]);
        }
        out.push_str(&render(&rows, &[], 3));
    }
    if churning > 0 {
        out.push_str(&format!(
            "\n$ kubectl get events -n {ns} --field-selector reason=TaintManagerEviction\nLAST SEEN   TYPE     REASON                 OBJECT                    MESSAGE\n12s         Normal   TaintManagerEviction   pod/{}   Marking for deletion Pod {ns}/{}\n",
            pod_name(name, 99),
            pod_name(name, 99)
        ));
    }
    out
}

impl Exercise for FixQuestion {
    /// The manifest as the learner repaired it.
    type Answer = String;
    const PRACTISES: &'static [Practice] = &[Practice::Placement];

    fn generate(step: &mut Step<'_>) -> Option<Built<Self>> {
        let (mut task, shown) = ManifestTask::draw(step)?;
        let goal = task.goal_template;
        let fits: Vec<Breakage> = Breakage::ALL.into_iter().filter(|b| b.fits(goal)).collect();
        // Placement mistakes three times as often as the two the API server refuses: the
        // engine's verdict per node is what these drills are for.
        let breakage = *fits
            .choose_weighted(step.rng, |b| match b {
                Breakage::MisspelledField | Breakage::DeploymentLeftovers => 1,
                _ => 3,
            })
            .ok()?;
        let reference = goal.solution();
        let starter = break_it(breakage, goal, reference.clone())?;
        // The broken manifest must show its fault on the cluster in the task (or be refused).
        if task.grade(&starter).is_ok_and(|g| g.all_correct()) {
            return None;
        }
        let file = format!("{}.yaml", reference.metadata.name);
        let symptom = symptom(&task, &starter, &file);
        task.starter = starter;
        let prompt = format!(
            "DaemonSet {}/{} should do this: {}\n\nBut:\n\n{symptom}\nThe cluster:\n\n{}\nFind the mistake and fix the manifest below, so that it does what it should here and on any cluster like this one (it is also graded on hidden variants).",
            reference.namespace(),
            reference.metadata.name,
            task.goal,
            cluster_text(goal, &shown.nodes),
        );
        // The broken object as kubectl would read it leniently (never the reference: the
        // screens show the drill's DaemonSet).
        let daemonset = manifest::parse_objects("starter", task.starter.as_bytes())
            .ok()
            .and_then(|m| m.daemonsets.into_iter().next())
            .unwrap_or_else(|| goal.skeleton());
        Some(Built {
            title: format!("Fix {}", reference.metadata.name),
            prompt,
            nodes: shown.nodes,
            daemonset,
            trap: None,
            question: FixQuestion {
                task,
                breakage,
                symptom,
            },
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
