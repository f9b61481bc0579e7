//! Fuzzes the manifest reader: `manifest::parse` must never panic, whatever the bytes (YAML or
//! JSON, detected from the content). The error message is rendered too, as the CLI does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kubedrill::manifest::parse("fuzz", data) {
        let _ = e.to_string();
    }
});
