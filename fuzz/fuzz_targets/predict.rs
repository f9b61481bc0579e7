//! Fuzzes the whole path from bytes through the placement engine: the input is split at the
//! first 0xFF byte (never valid UTF-8, so it cannot occur inside a manifest) into a nodes
//! manifest and a DaemonSet manifest; without a 0xFF byte the same bytes serve as both.
//! `predict` runs with the default feature gates; when the input reads, the engine is run once
//! more with the alpha `TaintTolerationComparisonOperators` gate on, so the Lt/Gt paths are
//! covered too.
#![no_main]

use kubedrill::manifest::strict::Validate;
use kubedrill::placement::FeatureGates;
use kubedrill::predict;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (nodes, daemonsets) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    match predict::predict("nodes", nodes, "daemonsets", daemonsets, FeatureGates::default()) {
        Ok(_) => {
            let nodes = predict::read_nodes("nodes", nodes).expect("read once already");
            // `predict` reads DaemonSets as strictly as kubectl's default.
            let daemonsets = predict::read_daemonsets("daemonsets", daemonsets, Validate::Strict)
                .expect("read once already")
                .objects;
            let gates = FeatureGates {
                taint_toleration_comparison_operators: true,
            };
            let _ = predict::evaluate(&nodes, &daemonsets, gates);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
