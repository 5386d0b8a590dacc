//! Print the extractor's view of a page: `cargo run --example html_debug -- page.html[.gz] [url]`.
//! Elements with their class hint, boilerplate flag and score, then the extracted body.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: html_debug PAGE.html[.gz] [URL]")?;
    let url = args.next();
    let bytes = newsgraph::ingest::maybe_gunzip(&path, std::fs::read(&path)?)?;
    let (html, _) = newsgraph::ingest::decode(&bytes, true);
    print!("{}", newsgraph::html::debug_tree(&html));
    let ex = newsgraph::html::extract(&html, url.as_deref());
    println!("\n--- hints: {:?}\n--- body:", ex.hints);
    for b in &ex.blocks {
        println!("| {b}");
    }
    println!("--- removed:");
    for r in &ex.removed {
        println!("- {:?}: {}", r.reason, r.text);
    }
    Ok(())
}
