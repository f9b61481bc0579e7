use super::study::Study;
use super::style::{inert, write_out};
use crate::cli::StatsArgs;
use crate::stats::{Rate, RuleAccuracy, compute};
use crate::store::now_ms;
use anyhow::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &StatsArgs, data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<()> {
    let study = Study::load(data, deck_dirs)?;
    let now = now_ms();
    let items = study.items();
    let stats = compute(
        &study.answers,
        &study.drills,
        &study.states,
        &items,
        &study.suspended(),
        &study.scheduler,
        now,
    );
    // Due and new now, as Home and `kubedrill decks` count them (Study::counts).
    let counts = study.counts(now);
    let interview = study.interview(now);
    let ready = interview.iter().filter(|q| q.ready).count();
    if args.json {
        return write_out(|out| {
            let mut value = serde_json::to_value(&stats).map_err(std::io::Error::from)?;
            if let Some(object) = value.as_object_mut() {
                object.insert("dueNow".into(), counts.total.due.into());
                object.insert("newNow".into(), counts.total.new.into());
                object.insert("laterToday".into(), counts.total.later.into());
                object.insert(
                    "interviewQuestions".into(),
                    serde_json::to_value(&interview).map_err(std::io::Error::from)?,
                );
            }
            serde_json::to_writer(&mut *out, &value).map_err(std::io::Error::from)?;
            writeln!(out)
        });
    }
    let pct = |r: Rate| {
        r.share().map_or("—".to_owned(), |s| {
            format!("{:.1}% of {}", s * 100.0, r.total)
        })
    };
    write_out(|out| {
        let today = stats.reviews_per_day.last().map_or(0, |d| d.answers);
        let week: u32 = stats
            .reviews_per_day
            .iter()
            .rev()
            .take(7)
            .map(|d| d.answers)
            .sum();
        let month: u32 = stats.reviews_per_day.iter().map(|d| d.answers).sum();
        writeln!(
            out,
            "answers: {today} today, {week} in 7 days, {month} in 30 days, {} in all",
            stats.total_answers
        )?;
        writeln!(
            out,
            "streak: {} day{}",
            stats.streak_days,
            if stats.streak_days == 1 { "" } else { "s" }
        )?;
        writeln!(
            out,
            "true retention (30 days): young {}, mature {}",
            pct(stats.retention.young),
            pct(stats.retention.mature)
        )?;
        let s = stats.by_state;
        writeln!(
            out,
            "items: {} new, {} learning, {} review, {} relearning, {} suspended, {} leeches",
            s.new, s.learning, s.review, s.relearning, s.suspended, s.leech
        )?;
        let f = &stats.forecast;
        writeln!(
            out,
            "now: {} due, {} new, {} learning later today (as Home counts them)",
            counts.total.due, counts.total.new, counts.total.later
        )?;
        writeln!(
            out,
            "due by day: {} today, {} tomorrow, {} in 7 days, {} in 30 days",
            f[0],
            f[1],
            f.iter().take(7).sum::<u32>(),
            f.iter().sum::<u32>()
        )?;
        writeln!(
            out,
            "interview questions ready: {ready}/{} (every item reviewed, recall ≥ 90% now; `kubedrill quiz --not-ready` asks the rest)",
            interview.len()
        )?;
        for q in interview.iter().filter(|q| !q.ready) {
            writeln!(out, "  not ready: {}", inert(&q.question))?;
        }
        writeln!(out, "mastery (stability ≥ 21 days):")?;
        let w = stats
            .decks
            .iter()
            .map(|d| d.deck.chars().count())
            .max()
            .unwrap_or(4);
        for d in &stats.decks {
            let share = if d.items == 0 {
                0.0
            } else {
                f64::from(d.mastered) / f64::from(d.items) * 100.0
            };
            writeln!(
                out,
                "  {:w$}  {:>3}/{:<3} {share:5.1}%",
                inert(&d.deck),
                d.mastered,
                d.items
            )?;
        }
        write_drill_accuracy(out, stats.drills, &stats.drill_accuracy)
    })
}

/// The per-rule drill section: rule, hits/total, percent, weakest first.
fn write_drill_accuracy(
    out: &mut dyn Write,
    drills: usize,
    rules: &[RuleAccuracy],
) -> std::io::Result<()> {
    if drills == 0 {
        return writeln!(
            out,
            "drill accuracy by rule: no drills taken yet; finish a drill to see which rules need practice"
        );
    }
    writeln!(
        out,
        "drill accuracy by rule (weakest first), {drills} drill{}:",
        if drills == 1 { "" } else { "s" }
    )?;
    let w = rules
        .iter()
        .map(|r| r.rule.as_str().chars().count())
        .max()
        .unwrap_or(4);
    for r in rules {
        let tally = format!("{}/{}", r.hits, r.total());
        writeln!(
            out,
            "  {:w$}  {tally:>7} {:5.1}%",
            inert(r.rule.as_str()),
            r.accuracy * 100.0
        )?;
    }
    Ok(())
}
