//! Extract one page and print its body: `cargo run --release --example html_extract -- page.html[.gz]`.
//! With `/usr/bin/time -v`, this measures one extraction's time and peak memory.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: html_extract PAGE.html[.gz]")?;
    let bytes = newsgraph::ingest::maybe_gunzip(&path, std::fs::read(&path)?)?;
    let t = std::time::Instant::now();
    let (html, _) = newsgraph::ingest::decode(&bytes, true);
    drop(bytes);
    let ex = newsgraph::html::extract(&html, None);
    let secs = t.elapsed().as_secs_f64();
    let chars: usize = ex.blocks.iter().map(String::len).sum();
    eprintln!(
        "{} bytes of HTML -> {} blocks, {chars} bytes of body, {} removals in {secs:.2} s ({:.1} MB/s)",
        html.len(),
        ex.blocks.len(),
        ex.removed.len(),
        html.len() as f64 / 1e6 / secs
    );
    Ok(())
}
