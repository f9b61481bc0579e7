use super::data::open_store;
use super::style::write_out;
use crate::store::iso_utc;
use anyhow::Result;
use std::path::Path;

/// The review log as CSV: one row per answer, oldest first.
pub fn run(data_dir: Option<&Path>) -> Result<()> {
    let store = open_store(data_dir)?;
    let answers = store.answers()?;
    write_out(|out| {
        writeln!(
            out,
            "id,item,time_utc,at_ms,rating,duration_ms,mode,correct"
        )?;
        for (id, a) in &answers {
            let correct = match a.correct {
                Some(true) => "1",
                Some(false) => "0",
                None => "",
            };
            writeln!(
                out,
                "{},{},{},{},{},{},{},{correct}",
                id.0,
                csv_field(&a.item),
                iso_utc(a.at_ms),
                a.at_ms,
                a.rating.number(),
                a.duration_ms,
                a.mode
            )?;
        }
        Ok(())
    })
}

/// RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
