use super::data::open_store;
use super::style::write_out;
use crate::srs::{OptimizeError, Optimized, optimize, optimize_with_progress};
use crate::store::now_ms;
use anyhow::Result;
use std::path::Path;

/// Fits FSRS parameters to the review log, stores them, and shows the log loss before and after.
pub fn run(data: Option<&Path>) -> Result<()> {
    let mut store = open_store(data)?;
    let answers: Vec<_> = store.answers()?.into_iter().map(|(_, a)| a).collect();
    let current = store.parameters()?.unwrap_or_default();
    let fitted = fit(&answers, &current)?;
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

/// Fits on a second thread and, on a terminal, draws FSRS's progress as a bar on stderr
/// (nothing when stderr is piped, so scripts see only the result).
fn fit(answers: &[crate::srs::Answer], current: &[f32]) -> Result<Optimized, OptimizeError> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return optimize(answers, current);
    }
    let progress = fsrs::CombinedProgressState::new_shared();
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("fitting FSRS {bar:40} {percent:>3}% {elapsed}")
            .expect("a valid template"),
    );
    let fitted = std::thread::scope(|scope| {
        let worker = {
            let progress = progress.clone();
            scope.spawn(move || optimize_with_progress(answers, current, Some(progress)))
        };
        while !worker.is_finished() {
            if let Ok(state) = progress.lock() {
                bar.set_length(state.total().max(1) as u64);
                bar.set_position(state.current() as u64);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join().expect("the fitting thread")
    });
    bar.finish_and_clear();
    fitted
}
