//! How much memory `manifest::parse` takes for a nodes file, counted by a global allocator:
//! the nodes it keeps, the peak while parsing, the number of allocations, and the time.
//!
//! ```sh
//! cargo run --release --example parse_memory -- target/bench-fixtures/nodes-5000.yaml
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct Count;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static N: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Count {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let v = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(v, Relaxed);
        N.fetch_add(1, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Count = Count;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let reader = match kubedrill::manifest::fast_reader_declines(&String::from_utf8_lossy(&bytes)) {
        None => "the fast reader".to_owned(),
        Some(at) => format!("serde-saphyr (the fast reader stepped aside at {at})"),
    };
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let n0 = N.load(Relaxed);
    let t = std::time::Instant::now();
    let nodes = kubedrill::manifest::parse(&path, &bytes).unwrap().nodes;
    let el = t.elapsed();
    let after = LIVE.load(Relaxed);
    let labels: usize = nodes.iter().map(|n| n.metadata.labels.len()).sum();
    println!(
        "{} nodes ({labels} labels) in {el:?} by {reader}\nfile {} MB; nodes {} MB; peak while parsing {} MB (file included); {} allocations",
        nodes.len(),
        bytes.len() >> 20,
        (after - before) >> 20,
        PEAK.load(Relaxed) >> 20,
        N.load(Relaxed) - n0
    );
}
