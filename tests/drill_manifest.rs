//! Write and fix drills, for every goal template and breakage at every difficulty over many
//! seeds: the reference manifest is graded correct on every cluster; the starter is graded wrong
//! (a fix drill's may be refused outright); pinning the expected nodes by `matchFields
//! metadata.name` and tolerating everything is caught by a hidden cluster; a misspelled field is
//! refused by name, with its line.

use kubedrill::exercise::drill::{
    Breakage, Difficulty, Drill, DrillError, DrillKind, Goal, Graded, ManifestTask, Question,
};
use std::collections::{BTreeMap, BTreeSet};

const SEEDS: u64 = 120;

fn task(drill: &Drill) -> &ManifestTask {
    drill.task().expect("a write or fix drill has a task")
}

/// The clusters (by name) on which a graded manifest is wrong somewhere.
fn caught_on(graded: &Graded) -> BTreeSet<String> {
    graded
        .items
        .iter()
        .filter(|i| !i.correct)
        .filter_map(|i| i.cluster.clone())
        .collect()
}

/// The shortcut the hidden clusters exist to catch: one `matchFields` term per node that must
/// get a pod in the shown cluster, and a toleration of every taint.
fn pinned(drill: &Drill) -> String {
    let t = task(drill);
    let ds = &drill.daemonset;
    let terms: String = t
        .expected
        .iter()
        .map(|n| {
            format!(
                "            - matchFields:\n              - key: metadata.name\n                operator: In\n                values: [\"{n}\"]\n"
            )
        })
        .collect();
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  selector:\n    matchLabels: {{app: pinned}}\n  template:\n    metadata:\n      labels: {{app: pinned}}\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n{terms}      tolerations:\n      - operator: Exists\n      containers:\n      - name: agent\n        image: registry.k8s.io/pause:3.10\n",
        name = ds.metadata.name,
        ns = ds.namespace(),
    )
}

#[derive(Default)]
struct Tally {
    goals: BTreeMap<Difficulty, BTreeSet<Goal>>,
    breakages: BTreeMap<Difficulty, BTreeSet<Breakage>>,
    /// Wrong attempts (pinned manifests, fix starters that decode) and how many each
    /// cluster catches; and those only a hidden cluster catches.
    wrong: BTreeMap<&'static str, Caught>,
}

#[derive(Debug, Default)]
struct Caught {
    attempts: u32,
    per_cluster: BTreeMap<String, u32>,
    only_hidden: u32,
}

impl Tally {
    fn wrong_attempt(&mut self, what: &'static str, graded: &Graded) {
        let on = caught_on(graded);
        assert!(!on.is_empty());
        let tally = self.wrong.entry(what).or_default();
        tally.attempts += 1;
        if !on.contains("shown") {
            tally.only_hidden += 1;
        }
        for c in on {
            *tally.per_cluster.entry(c).or_default() += 1;
        }
    }
}

fn check(drill: &Drill, tally: &mut Tally) {
    let d = drill.difficulty;
    let t = task(drill);
    let label = format!(
        "{} {} seed {} ({:?})",
        drill.kind, d, drill.seed, t.goal_template
    );
    tally.goals.entry(d).or_default().insert(t.goal_template);
    assert!(
        t.clusters.len() >= 4,
        "{label}: the shown cluster and 3 hidden ones"
    );
    assert_eq!(t.clusters[0].name, "shown");
    // The reference is graded correct everywhere.
    let graded = t
        .grade(&t.solution)
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    assert!(
        graded.all_correct(),
        "{label}: the reference fails: {:?}",
        graded
            .items
            .iter()
            .filter(|i| !i.correct)
            .collect::<Vec<_>>()
    );
    // Every node of every cluster is graded.
    let nodes: usize = t.clusters.iter().map(|c| c.nodes.len()).sum();
    assert_eq!(graded.items.len(), nodes, "{label}");
    // The starter is wrong: refused, or graded wrong somewhere.
    match t.grade(&t.starter) {
        Ok(g) => {
            assert!(!g.all_correct(), "{label}: the starter already passes");
            if drill.kind == DrillKind::Fix {
                tally.wrong_attempt("fix starter", &g);
            }
        }
        Err(DrillError::Refused(problems)) => {
            assert_eq!(
                drill.kind,
                DrillKind::Fix,
                "{label}: a write skeleton is valid"
            );
            assert!(!problems.is_empty());
            assert!(
                problems.iter().all(|p| p.line.is_some()),
                "{label}: {problems:?}"
            );
        }
        Err(e) => panic!("{label}: {e}"),
    }
    if let Question::Fix(q) = &drill.question {
        assert!(q.breakage.fits(t.goal_template), "{label}");
        tally.breakages.entry(d).or_default().insert(q.breakage);
        assert!(
            !q.symptom.trim().is_empty(),
            "{label}: a fix drill shows a symptom"
        );
    }
    // Pinning the shown cluster's nodes by name and tolerating everything fails, and it is a
    // hidden cluster that says so.
    let pin = pinned(drill);
    let g = t
        .grade(&pin)
        .unwrap_or_else(|e| panic!("{label}: the pinned manifest is valid:\n{pin}\n{e}"));
    assert!(!g.all_correct(), "{label}: pinning by name passes:\n{pin}");
    assert!(
        caught_on(&g).iter().any(|c| c != "shown"),
        "{label}: no hidden cluster catches the pinned manifest"
    );
    tally.wrong_attempt("pinned by name", &g);
    // A misspelled field is refused, by name and line.
    let line = t
        .solution
        .lines()
        .position(|l| l.trim_start().starts_with("containers:"))
        .expect("the reference has containers")
        + 1;
    let typo = t.solution.replacen("containers:", "contianers:", 1);
    match t.grade(&typo) {
        Err(DrillError::Refused(problems)) => {
            let p = problems
                .iter()
                .find(|p| p.message.contains("contianers"))
                .unwrap_or_else(|| panic!("{label}: {problems:?}"));
            assert_eq!(p.line, Some(line), "{label}: {p:?}");
            assert!(
                p.message.contains("did you mean containers"),
                "{label}: {p:?}"
            );
        }
        other => panic!("{label}: a misspelled field is not refused: {other:?}"),
    }
}

#[test]
fn every_goal_and_breakage_is_graded_as_the_goal_says() {
    let mut tally = Tally::default();
    for kind in [DrillKind::Write, DrillKind::Fix] {
        for difficulty in Difficulty::ALL {
            for seed in 0..SEEDS {
                let drill = Drill::generate(seed, difficulty, kind, None);
                assert_eq!(drill.kind, kind, "seed {seed}: a {kind} drill is drawn");
                check(&drill, &mut tally);
            }
        }
    }
    for difficulty in Difficulty::ALL {
        let seen = &tally.goals[&difficulty];
        for goal in Goal::for_difficulty(difficulty) {
            assert!(seen.contains(goal), "{difficulty}: {goal:?} never drawn");
        }
        let goals = Goal::for_difficulty(difficulty);
        for b in Breakage::ALL {
            if goals.iter().any(|g| b.fits(*g)) {
                assert!(
                    tally.breakages[&difficulty].contains(&b),
                    "{difficulty}: {b:?} never drawn"
                );
            }
        }
    }
    // Every breakage is taught at some difficulty.
    let all: BTreeSet<Breakage> = tally.breakages.values().flatten().copied().collect();
    assert_eq!(all.len(), Breakage::ALL.len());
    for (what, caught) in &tally.wrong {
        eprintln!("wrong attempts, {what}: {caught:?}");
    }
}

#[test]
fn the_same_seed_draws_the_same_task() {
    for kind in [DrillKind::Write, DrillKind::Fix] {
        for difficulty in Difficulty::ALL {
            let a = Drill::generate(7, difficulty, kind, None);
            let b = Drill::generate(7, difficulty, kind, None);
            assert_eq!(a, b);
        }
    }
}

#[test]
fn a_focused_drill_favours_goals_that_test_the_rule() {
    use kubedrill::exercise::drill::RuleKey;
    let focus = RuleKey::AffinityOperator;
    let hits = (0..60)
        .filter(|&seed| {
            let d = Drill::generate(seed, Difficulty::Hard, DrillKind::Write, Some(focus));
            task(&d).goal_template.rule_keys().contains(&focus)
        })
        .count();
    let plain = (0..60)
        .filter(|&seed| {
            let d = Drill::generate(seed, Difficulty::Hard, DrillKind::Write, None);
            task(&d).goal_template.rule_keys().contains(&focus)
        })
        .count();
    assert!(hits > plain, "focused {hits} vs plain {plain} of 60");
}

/// The reference with a toleration of every taint added: where a goal keeps the agent off a
/// tainted node (a NoExecute taint it must leave to evict, a NoSchedule one it must respect),
/// a hidden cluster catches it.
fn tolerating_everything(solution: &str) -> String {
    if solution.contains("      tolerations:\n") {
        solution.replacen(
            "      tolerations:\n",
            "      tolerations:\n      - operator: Exists\n",
            1,
        )
    } else {
        solution.replacen(
            "      containers:\n",
            "      tolerations:\n      - operator: Exists\n      containers:\n",
            1,
        )
    }
}

#[test]
fn tolerating_everything_is_caught_where_the_goal_forbids_it() {
    let mut per_goal: BTreeMap<Goal, (u32, u32)> = BTreeMap::new();
    for difficulty in Difficulty::ALL {
        for seed in 0..SEEDS {
            let drill = Drill::generate(seed, difficulty, DrillKind::Write, None);
            let t = task(&drill);
            let g = t.grade(&tolerating_everything(&t.solution)).unwrap();
            let e = per_goal.entry(t.goal_template).or_default();
            e.0 += 1;
            e.1 += u32::from(!g.all_correct());
        }
    }
    eprintln!("tolerate-all caught (drawn, caught) per goal: {per_goal:?}");
    // The goals whose words keep the agent off a tainted node: "the control plane keeps its
    // taint: no pod there". Elsewhere tolerating everything is not itself a mistake (the
    // goal's nodes are chosen by labels), and pinning is what the other test catches.
    let forbidding = [Goal::LinuxOnly];
    for goal in forbidding {
        let (drawn, caught) = per_goal[&goal];
        assert!(drawn > 0);
        assert_eq!(caught, drawn, "{goal:?}: tolerating everything passes");
    }
}
