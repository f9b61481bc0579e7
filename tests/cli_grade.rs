//! Write and fix drills from the shell, through the real binary: `drill --print` writes the task
//! as comments and the starting manifest; its JSON has the contract scripts rely on; `grade`
//! grades a file (exit 0, right or wrong) or refuses it with line numbers (exit 1), records the
//! result for `stats` unless `--no-record`.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("XDG_CONFIG_HOME", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn task(kind: &str, difficulty: &str, seed: &str, data: &Path) -> Value {
    let out = run(
        &[
            "drill",
            "--print",
            "--json",
            "--kind",
            kind,
            "--difficulty",
            difficulty,
            "--seed",
            seed,
        ],
        data,
    );
    serde_json::from_str(&ok(&out)).unwrap()
}

fn grade(file: &Path, kind: &str, difficulty: &str, seed: &str, data: &Path) -> Output {
    run(
        &[
            "grade",
            file.to_str().unwrap(),
            "--kind",
            kind,
            "--difficulty",
            difficulty,
            "--seed",
            seed,
            "--json",
            "--no-record",
        ],
        data,
    )
}

#[test]
fn print_json_has_the_task_the_starter_and_a_solution_the_grader_accepts() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["write", "fix"] {
        for difficulty in ["easy", "medium", "hard"] {
            for seed in ["1", "2", "3"] {
                let v = task(kind, difficulty, seed, dir.path());
                let label = format!("{kind} {difficulty} {seed}");
                assert!(
                    v["nodesYaml"].as_str().unwrap().contains("kind: Node"),
                    "{label}"
                );
                let q = &v["drill"]["question"];
                assert!(!q["goal"].as_str().unwrap().is_empty(), "{label}");
                let expected: Vec<&str> = q["expected"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap())
                    .collect();
                assert!(!expected.is_empty(), "{label}");
                // The expected nodes are nodes of the shown cluster.
                let nodes = v["nodesYaml"].as_str().unwrap();
                for n in &expected {
                    assert!(nodes.contains(&format!("name: {n}\n")), "{label}: {n}");
                }
                let starter = v["starterYaml"].as_str().unwrap();
                let solution = v["solution"].as_str().unwrap();
                assert!(solution.contains("kind: DaemonSet"), "{label}");
                let sol = dir.path().join(format!("{kind}-{difficulty}-{seed}.yaml"));
                std::fs::write(&sol, solution).unwrap();
                let graded: Value =
                    serde_json::from_str(&ok(&grade(&sol, kind, difficulty, seed, dir.path())))
                        .unwrap();
                assert_eq!(graded["correct"], true, "{label}: {graded}");
                assert_eq!(graded["errors"].as_array().unwrap().len(), 0);
                let clusters = graded["clusters"].as_array().unwrap();
                assert!(clusters.len() >= 4, "{label}: shown and 3 hidden");
                assert_eq!(clusters[0]["name"], "shown");
                // The shown cluster's pods are on exactly the expected nodes.
                let with_pod: Vec<&str> = clusters[0]["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|n| n["expected"] != "no pod")
                    .map(|n| n["node"].as_str().unwrap())
                    .collect();
                assert_eq!(with_pod, expected, "{label}");
                for c in clusters {
                    for n in c["nodes"].as_array().unwrap() {
                        for field in ["node", "expected", "got", "reason", "rule"] {
                            assert!(n[field].is_string(), "{label}: {field} in {n}");
                        }
                        assert_eq!(n["correct"], true);
                    }
                }
                // The starter is not already right.
                let st = dir.path().join("starter.yaml");
                std::fs::write(&st, starter).unwrap();
                let out = grade(&st, kind, difficulty, seed, dir.path());
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(v["correct"], false, "{label}");
            }
        }
    }
}

#[test]
fn print_writes_the_task_as_comments_and_the_starter_as_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let text = ok(&run(
        &[
            "drill",
            "--print",
            "--kind",
            "write",
            "--seed",
            "3",
            "--difficulty",
            "medium",
        ],
        dir.path(),
    ));
    let (comments, yaml) = text.split_once("\n---\n").expect("a YAML document after");
    assert!(comments.lines().all(|l| l.starts_with('#')), "{comments}");
    assert!(comments.contains("# Goal: "));
    assert!(
        comments.contains("kubedrill grade THIS-FILE --kind write --difficulty medium --seed 3")
    );
    assert!(yaml.contains("kind: DaemonSet"));
    // The printed file, as it is, is a starting point the grader reads (and finds wrong).
    let file = dir.path().join("task.yaml");
    std::fs::write(&file, &text).unwrap();
    let out = grade(&file, "write", "medium", "3", dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["correct"], false);
}

#[test]
fn a_refused_file_exits_1_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let v = task("write", "easy", "4", dir.path());
    let solution = v["solution"].as_str().unwrap();
    let line = solution
        .lines()
        .position(|l| l.trim_start().starts_with("containers:"))
        .unwrap()
        + 1;
    let file = dir.path().join("typo.yaml");
    std::fs::write(&file, solution.replacen("containers:", "contianers:", 1)).unwrap();
    // JSON: the errors, each with its line, and no clusters.
    let out = grade(&file, "write", "easy", "4", dir.path());
    assert_eq!(out.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["correct"], false);
    let errors = j["errors"].as_array().unwrap();
    let e = errors
        .iter()
        .find(|e| e["message"].as_str().unwrap().contains("contianers"))
        .unwrap_or_else(|| panic!("{j}"));
    assert_eq!(e["line"], line);
    assert!(j["clusters"].as_array().unwrap().is_empty());
    // Text: FILE:LINE:COL and the field's right name.
    let f = file.to_str().unwrap();
    let out = run(
        &[
            "grade",
            f,
            "--kind",
            "write",
            "--difficulty",
            "easy",
            "--seed",
            "4",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{f}:{line}:")), "{err}");
    assert!(err.contains("did you mean containers"), "{err}");
    // Nothing graded, nothing recorded.
    let stats = ok(&run(&["stats", "--json"], dir.path()));
    let s: Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(s["drills"], 0, "{s}");
}

#[test]
fn a_missing_file_or_a_non_manifest_kind_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.yaml");
    let out = grade(&missing, "fix", "easy", "1", dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope.yaml"), "{err}");
    let out = run(
        &["grade", "x.yaml", "--kind", "predict", "--seed", "1"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("write"));
}

#[test]
fn a_graded_file_is_recorded_for_the_drill_stats_and_the_text_verdict_lists_every_node() {
    let dir = tempfile::tempdir().unwrap();
    let v = task("fix", "medium", "5", dir.path());
    let file = dir.path().join("fix.yaml");
    std::fs::write(&file, v["starterYaml"].as_str().unwrap()).unwrap();
    let f = file.to_str().unwrap();
    let args = [
        "grade",
        f,
        "--kind",
        "fix",
        "--difficulty",
        "medium",
        "--seed",
        "5",
    ];
    let out = run(&args, dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    let recorded = u64::from(out.status.success());
    if out.status.success() {
        // Graded: wrong, with a line per node of every cluster.
        assert!(text.contains("not yet: "), "{text}");
        assert!(text.contains("shown cluster ("), "{text}");
        assert!(text.contains("renamed cluster ("), "{text}");
        assert!(text.contains('✗'), "{text}");
        let s: Value = serde_json::from_str(&ok(&run(&["stats", "--json"], dir.path()))).unwrap();
        assert_eq!(s["drills"], 1, "{s}");
    } else {
        // This seed's mistake is one the API server refuses: then nothing is recorded.
        assert_eq!(out.status.code(), Some(1));
    }
    // The reference, recorded: a second drill in the stats, every rule a hit.
    std::fs::write(&file, v["solution"].as_str().unwrap()).unwrap();
    let text = ok(&run(&args, dir.path()));
    assert!(text.contains("correct: "), "{text}");
    let s: Value = serde_json::from_str(&ok(&run(&["stats", "--json"], dir.path()))).unwrap();
    assert_eq!(s["drills"].as_u64(), Some(recorded + 1), "{s}");
    assert!(!s["drillAccuracy"].as_array().unwrap().is_empty(), "{s}");
}
