use super::data::open_store;
use super::style::write_out;
use crate::srs::optimize;
use crate::store::now_ms;
use anyhow::Result;
use std::path::Path;

/// Fits FSRS parameters to the review log, stores them, and shows the log loss before and after.
pub fn run(data: Option<&Path>) -> Result<()> {
    let mut store = open_store(data)?;
    let answers: Vec<_> = store.answers()?.into_iter().map(|(_, a)| a).collect();
    let current = store.parameters()?.unwrap_or_default();
    let fitted = optimize(&answers, &current)?;
    store.save_parameters(&fitted.parameters, now_ms())?;
    let shown: Vec<String> = fitted
        .parameters
        .iter()
        .map(|p| format!("{p:.4}"))
        .collect();
    write_out(|out| {
        writeln!(out, "trained on {} reviews", fitted.reviews_used)?;
        writeln!(
            out,
            "log loss: {:.4} with the {} parameters, {:.4} with the fitted ones",
            fitted.log_loss_before,
            if current.is_empty() {
                "default"
            } else {
                "previous"
            },
            fitted.log_loss_after
        )?;
        writeln!(out, "parameters: {}", shown.join(", "))?;
        writeln!(out, "saved; reviews are scheduled with them from now on")
    })
}
