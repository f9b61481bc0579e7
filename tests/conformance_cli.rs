//! Every conformance case through the real binary, as JSON files and as YAML files.

mod common;

use std::process::Command;

fn run_case(case: &common::Case, yaml: bool, dir: &std::path::Path) -> Result<(), String> {
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": case.nodes});
    let (nodes_text, ds_text, ext) = if yaml {
        (
            serde_saphyr::to_string(&list).unwrap(),
            serde_saphyr::to_string(&case.daemonset).unwrap(),
            "yaml",
        )
    } else {
        (list.to_string(), case.daemonset.to_string(), "json")
    };
    let nodes_path = dir.join(format!("nodes.{ext}"));
    let ds_path = dir.join(format!("ds.{ext}"));
    std::fs::write(&nodes_path, nodes_text).unwrap();
    std::fs::write(&ds_path, ds_text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .args(["predict", "--json", "-n"])
        .arg(&nodes_path)
        .arg("-d")
        .arg(&ds_path)
        .output()
        .unwrap();
    if !out.status.success() {
        return Err(format!(
            "{} ({ext}): exit {:?}: {}",
            case.name,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nodes = report["results"][0]["nodes"].as_array().unwrap();
    let mut errors = Vec::new();
    for want in &case.expect {
        let Some(got) = nodes.iter().find(|n| n["node"] == want.node.as_str()) else {
            errors.push(format!(
                "{} ({ext}): node {} missing from the output",
                case.name, want.node
            ));
            continue;
        };
        let pair = (
            got["shouldRun"].as_bool(),
            got["shouldContinueRunning"].as_bool(),
        );
        if pair != (Some(want.should_run), Some(want.should_continue_running)) {
            errors.push(format!(
                "{} ({ext}): node {}: got {pair:?}, want ({}, {})",
                case.name, want.node, want.should_run, want.should_continue_running
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

#[test]
fn binary_agrees_with_every_conformance_case_as_json_and_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let cases = common::cases();
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|c| {
            [
                run_case(c, false, dir.path()),
                run_case(c, true, dir.path()),
            ]
        })
        .filter_map(Result::err)
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
