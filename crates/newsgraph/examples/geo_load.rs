//! Time opening the shipped gazetteer and its first lookups (cold and warm):
//! `cargo run --release --example geo_load`.

use std::time::Instant;

use newsgraph::geo::{Gazetteer, EMBEDDED};

fn main() {
    let t = Instant::now();
    let gaz = Gazetteer::from_bytes(EMBEDDED).expect("shipped gazetteer");
    let open = t.elapsed();
    let t = Instant::now();
    let n: usize = ["Tirana", "Tehran", "Paris", "Springfield", "Bangor", "Albania"]
        .iter()
        .map(|n| gaz.lookup(n).len())
        .sum();
    let first = t.elapsed();
    let t = Instant::now();
    let id = gaz.get(3_183_875).map(|p| p.name);
    let index = t.elapsed();
    println!(
        "gazetteer: {} places, {:.1} MB; open {:.3} ms; 6 first lookups ({n} candidates) {:.3} ms; \
         id index built on first get() ({id:?}) {:.1} ms",
        gaz.len(),
        EMBEDDED.len() as f64 / 1e6,
        open.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        index.as_secs_f64() * 1e3
    );
}
