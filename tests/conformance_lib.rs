//! Every conformance case (placement cases taken from the Kubernetes unit tests) through the
//! library: the engine must agree on every node.

mod common;

use kubedrill::placement::{FeatureGates, Outcome, Placement};

#[test]
fn engine_agrees_with_every_conformance_case() {
    let cases = common::cases();
    assert!(
        cases.len() >= 100,
        "expected the full conformance set, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    let mut rows = 0;
    for case in &cases {
        let nodes = case.nodes();
        let placement = Placement::evaluate(&case.daemonset(), &nodes, FeatureGates::default());
        for want in &case.expect {
            rows += 1;
            let Some(i) = nodes.iter().position(|n| n.metadata.name == want.node) else {
                failures.push(format!(
                    "{}: node {} is not in the case",
                    case.name, want.node
                ));
                continue;
            };
            let got = &placement.decisions[i];
            if (got.should_run, got.should_continue_running)
                != (want.should_run, want.should_continue_running)
            {
                failures.push(format!(
                    "{} [{}]: node {}: got ({}, {}), want ({}, {}); reasons: {:?}",
                    case.name,
                    case.file.file_name().unwrap().to_string_lossy(),
                    want.node,
                    got.should_run,
                    got.should_continue_running,
                    want.should_run,
                    want.should_continue_running,
                    got.reasons.iter().map(|r| &r.message).collect::<Vec<_>>()
                ));
            }
            // Every node that does not run says why.
            if !got.should_run {
                assert!(
                    !got.reasons.is_empty(),
                    "{}: node {} has no reason",
                    case.name,
                    want.node
                );
                assert_ne!(got.outcome, Outcome::Runs);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {rows} rows disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
