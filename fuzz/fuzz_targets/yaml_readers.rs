//! Fuzzes the fast YAML reader against serde-saphyr: whatever the bytes, `manifest::parse`
//! (the fast reader first) and `manifest::parse_without_fast_reader` must give the same objects,
//! or the same error message. The fast reader may only ever step aside, never disagree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn show(r: Result<kubedrill::manifest::Manifest, kubedrill::manifest::ManifestError>) -> String {
    match r {
        Ok(m) => format!(
            "{:?} {:?} {:?} {:?}",
            m.nodes, m.daemonsets, m.pods, m.skipped
        ),
        Err(e) => format!("error {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let fast = show(kubedrill::manifest::parse("fuzz", data));
    let full = show(kubedrill::manifest::parse_without_fast_reader("fuzz", data));
    assert_eq!(fast, full, "the readers disagree");
});
