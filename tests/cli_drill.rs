//! `kubedrill drill --print` through the real binary: the drill as YAML a learner could apply,
//! its answer, JSON, replay by seed, `--weakest`, and usage errors.

use kubedrill::exercise::drill::RuleKey;
use serde_json::Value;
use std::process::{Command, Output};

fn run(args: &[&str], data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("XDG_CONFIG_HOME", data)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn printed_drill_is_yaml_that_predict_reads_back_to_the_same_answer() {
    let dir = tempfile::tempdir().unwrap();
    for difficulty in ["easy", "medium", "hard"] {
        let args = [
            "drill",
            "--print",
            "--seed",
            "7",
            "--kind",
            "predict",
            "--difficulty",
            difficulty,
        ];
        let out = run(&args, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = stdout(&out);
        assert!(text.starts_with("# "), "{text}");
        assert!(text.contains("replay: kubedrill drill --seed 7"));
        assert!(text.contains("# Answer (from the placement engine):"));
        let file = dir.path().join(format!("{difficulty}.yaml"));
        std::fs::write(&file, &text).unwrap();
        // The same file holds the Nodes and the DaemonSet; predict picks each kind.
        let f = file.to_str().unwrap();
        let p = run(&["predict", "-n", f, "-d", f, "--json"], dir.path());
        assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
        let report: Value = serde_json::from_slice(&p.stdout).unwrap();
        let j = run(
            &[
                "drill",
                "--print",
                "--json",
                "--seed",
                "7",
                "--kind",
                "predict",
                "--difficulty",
                difficulty,
            ],
            dir.path(),
        );
        let drill: Value = serde_json::from_slice(&j.stdout).unwrap();
        for (node, item) in report["results"][0]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .zip(drill["answer"].as_array().unwrap())
        {
            assert_eq!(node["node"], item["item"]);
            let expected = item["expected"].as_str().unwrap();
            let outcome = node["outcome"].as_str().unwrap();
            match expected {
                "gets a pod" => assert_eq!(outcome, "runs"),
                "no new pod" => assert_ne!(outcome, "runs"),
                other => assert_eq!(outcome, other, "hard drills ask the outcome"),
            }
        }
    }
}

#[test]
fn the_same_seed_prints_the_same_drill_and_another_seed_another() {
    let dir = tempfile::tempdir().unwrap();
    let a = stdout(&run(&["drill", "--print", "--seed", "99"], dir.path()));
    let b = stdout(&run(&["drill", "--print", "--seed", "99"], dir.path()));
    let c = stdout(&run(&["drill", "--print", "--seed", "100"], dir.path()));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn json_carries_the_drill_its_manifests_and_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["predict", "events", "rollout", "status"] {
        let out = run(
            &["drill", "--print", "--json", "--kind", kind, "--seed", "3"],
            dir.path(),
        );
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["drill"]["kind"], kind);
        assert_eq!(v["drill"]["seed"], 3);
        assert!(
            v["daemonsetYaml"]
                .as_str()
                .unwrap()
                .contains("kind: DaemonSet")
        );
        let answer = v["answer"].as_array().unwrap();
        assert!(!answer.is_empty());
        assert!(
            answer
                .iter()
                .all(|i| !i["reason"].as_str().unwrap().is_empty() && i["ruleId"].is_string())
        );
    }
}

#[test]
fn weakest_focuses_on_the_rule_missed_most_and_says_so_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &["drill", "--print", "--json", "--weakest", "--seed", "1"],
        dir.path(),
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no drill has missed anything yet"));
    let (mut store, _) = kubedrill::store::Store::open(dir.path()).unwrap();
    store
        .record_drill(&kubedrill::store::DrillResult {
            at_ms: 1,
            seed: 1,
            difficulty: "medium".into(),
            kind: "predict".into(),
            rule_hits: [
                (RuleKey::UntoleratedNoExecute, (1, 3)),
                (RuleKey::NodeSelector, (4, 0)),
            ]
            .into(),
            other_rules: Default::default(),
        })
        .unwrap();
    drop(store);
    let out = run(
        &[
            "drill",
            "--print",
            "--json",
            "--weakest",
            "--seed",
            "1",
            "--kind",
            "predict",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["drill"]["focus"], "untolerated-no-execute");
    let rules: Vec<&str> = v["answer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"untolerated-no-execute"), "{rules:?}");
}

#[test]
fn bad_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["drill", "--print", "--focus", "nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'nope' for '--focus <RULE>'") && err.contains("node-selector"),
        "{err}"
    );
    for args in [
        &["drill", "--json"][..],
        &["drill", "--difficulty", "extreme"],
        &["drill", "--kind", "trivia"],
        &["drill", "--weakest", "--focus", "node-name"],
    ] {
        assert_eq!(run(args, dir.path()).status.code(), Some(2), "{args:?}");
    }
    // Playing needs a terminal.
    let out = run(&["drill"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn printed_scheduler_drill_gives_predict_the_same_pending_nodes() {
    let dir = tempfile::tempdir().unwrap();
    for (difficulty, seed) in [("easy", "3"), ("medium", "8"), ("hard", "21")] {
        let common = [
            "drill",
            "--print",
            "--kind",
            "scheduler",
            "--seed",
            seed,
            "--difficulty",
            difficulty,
        ];
        let out = run(&common, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = stdout(&out);
        assert!(text.contains("kind: Pod"), "{text}");
        assert!(text.contains("--kind scheduler"), "{text}");
        let file = dir.path().join(format!("scheduler-{difficulty}.yaml"));
        std::fs::write(&file, &text).unwrap();
        let f = file.to_str().unwrap();
        let p = run(
            &[
                "predict",
                "-n",
                f,
                "-d",
                f,
                "--scheduler",
                "--pods",
                f,
                "--json",
            ],
            dir.path(),
        );
        assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
        let report: Value = serde_json::from_slice(&p.stdout).unwrap();
        let nodes = report["results"][0]["nodes"].as_array().unwrap();
        let predicted: Vec<String> = nodes
            .iter()
            .filter(|n| n["scheduler"]["stage"] == "pending")
            .map(|n| n["node"].as_str().unwrap().to_owned())
            .collect();
        let mut json_args = common.to_vec();
        json_args.push("--json");
        let j = run(&json_args, dir.path());
        let drill: Value = serde_json::from_slice(&j.stdout).unwrap();
        let expected: Vec<String> = drill["answer"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["expected"] == "pending")
            .map(|i| i["item"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            !expected.is_empty(),
            "{difficulty}: a drill has a pending node"
        );
        assert_eq!(predicted, expected, "{difficulty}");
        assert_eq!(
            report["results"][0]["pendingNumber"].as_u64(),
            Some(expected.len() as u64)
        );
        assert!(drill["podsYaml"].as_str().unwrap().contains("kind: Pod"));
        // The nodes that run are scheduled, the others get no pod.
        for item in drill["answer"].as_array().unwrap() {
            let node = nodes.iter().find(|n| n["node"] == item["item"]).unwrap();
            let stage = node["scheduler"]["stage"].as_str().unwrap();
            let want = match item["expected"].as_str().unwrap() {
                "runs" => "scheduled",
                "pending" => "pending",
                _ => "no-pod",
            };
            assert_eq!(stage, want, "{difficulty} {}", item["item"]);
        }
    }
}
