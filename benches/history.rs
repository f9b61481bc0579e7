//! A synthetic year of study, shared by `benches/study.rs` and `benches/first_frame.rs`: the
//! same answers for the same seed and items, so the two benchmarks' fixtures are alike.

use kubedrill::srs::{Answer, DAY_MS, MINUTE_MS, Mode, Rating};
use kubedrill::stats::day_of;

/// Days of history.
pub const DAYS: i64 = 365;

/// xorshift64*: small, fast and the same everywhere.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }

    /// True `per_mille` times in 1,000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// How many items (in curriculum order) the learner has met by day `day` (0 = a year ago): 10
/// on the first day, then gradually the rest, all of them after about ten months.
fn introduced(day: i64, total: usize) -> usize {
    (10 + day as usize * total / 300).min(total)
}

/// A year of study ending before `now_ms`, `n` answers in strictly increasing time: about one
/// day in twelve skipped (never the last two weeks, which make a streak), busier days once more
/// items are known, one to three sessions a day from the morning on. Within a session the items
/// are drawn from those already introduced, a quarter of them from the 20 newest; ratings are
/// mostly Good (10% Again, 6% Hard, 5% Easy); 85% Review, 10% Quiz (graded right or wrong), 5%
/// Cram.
pub fn history(n: usize, items: &[String], now_ms: i64, seed: u64) -> Vec<Answer> {
    let mut rng = XorShift(seed);
    let first_day = day_of(now_ms) - (DAYS - 1);
    // How many answers each day gets: weights, then exact shares of `n` that add up to `n`.
    let weights: Vec<u64> = (0..DAYS)
        .map(|d| {
            if d < DAYS - 14 && rng.chance(85) {
                return 0;
            }
            let known = introduced(d, items.len()) as u64;
            (400 + rng.below(1200)) * (100 + known) / 100
        })
        .collect();
    let total: u64 = weights.iter().sum();
    let mut cumulative = 0;
    let mut out = Vec::with_capacity(n);
    for (d, &w) in (0..DAYS).zip(&weights) {
        let before = n as u64 * cumulative / total;
        cumulative += w;
        let count = (n as u64 * cumulative / total - before) as usize;
        let known = introduced(d, items.len());
        let sessions = 1 + rng.below(3) as usize;
        let mut at = (first_day + d) * DAY_MS + 6 * 60 * MINUTE_MS + rng.range(0, 120) * MINUTE_MS;
        for i in 0..count {
            if i > 0 && i % count.div_ceil(sessions) == 0 {
                at += rng.range(30, 120) * MINUTE_MS; // a break between sessions
            }
            let newest = known.saturating_sub(20);
            let item = if rng.chance(250) {
                newest + rng.below((known - newest) as u64) as usize
            } else {
                rng.below(known as u64) as usize
            };
            let mode = match rng.below(100) {
                0..85 => Mode::Review,
                85..95 => Mode::Quiz,
                _ => Mode::Cram,
            };
            let (rating, correct) = if mode == Mode::Quiz {
                let right = rng.chance(850);
                (Rating::from_correct(right), Some(right))
            } else {
                let rating = match rng.below(1000) {
                    0..100 => Rating::Again,
                    100..160 => Rating::Hard,
                    160..950 => Rating::Good,
                    _ => Rating::Easy,
                };
                (rating, None)
            };
            let duration_ms = rng.range(2_000, 30_000);
            out.push(Answer {
                item: items[item].clone(),
                at_ms: at,
                rating,
                duration_ms,
                mode,
                correct,
            });
            at += duration_ms + rng.range(500, 3_000);
        }
        assert!(
            at < ((first_day + d + 1) * DAY_MS).min(now_ms),
            "day {d} runs past its end"
        );
    }
    assert_eq!(out.len(), n);
    out
}
