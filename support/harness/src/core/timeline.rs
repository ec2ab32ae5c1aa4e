//! Text timelines of simulated work: one row per worker, time running left to right.
//!
//! ```text
//!             0 s                          0.55 s                         1.09 s
//!             ├─────────────────────────────┼─────────────────────────────┤
//! producer    ████████████████████████████████████████████████████████▌···  100 done, busy 1.00 s
//! c1          ██████████████████████████████████████████████████████████··   10 done, busy 1.00 s
//! ```
//!
//! The same renderer draws the figures in the book, so what a failing spec shows a learner
//! looks like what the chapter taught them to read.

use std::fmt::Write as _;
use std::time::Duration;

use super::failure::fmt_duration;
use super::record::{Outcome, Span};

/// Columns of the time axis.
pub const WIDTH: usize = 60;

/// Rows drawn at most; the rest are summed up in one line.
pub const MAX_ROWS: usize = 30;

/// Renders `spans` from time zero to `end` (at least to the last span's end).
///
/// Rows come in natural order of lane names (`c2` before `c10`), except that lanes not named
/// like a numbered worker (`producer`, say) come first.
pub fn render<K>(spans: &[Span<K>], end: Duration) -> String {
    // The key is the judge's business, not the drawing's: drop it here, so the drawing below is
    // compiled once, in the harness, rather than again in every spec for its world's key type.
    let bars: Vec<Bar<'_>> = spans
        .iter()
        .map(|s| Bar {
            lane: &s.lane,
            start: s.start,
            end: s.end,
            outcome: s.outcome,
        })
        .collect();
    draw(&bars, end)
}

/// What the drawing needs of a span.
struct Bar<'a> {
    lane: &'a str,
    start: Duration,
    end: Duration,
    outcome: Outcome,
}

fn draw(spans: &[Bar<'_>], end: Duration) -> String {
    let end = spans.iter().map(|s| s.end).fold(end, Duration::max);
    let mut lanes: Vec<&str> = Vec::new();
    for span in spans {
        if !lanes.contains(&span.lane) {
            lanes.push(span.lane);
        }
    }
    lanes.sort_by_key(|lane| natural_key(lane));
    let name_width = lanes.iter().map(|l| l.chars().count()).max().unwrap_or(0).max(8);

    let mut out = String::new();
    axis(&mut out, name_width, end);
    for (row, lane) in lanes.iter().enumerate() {
        if row == MAX_ROWS {
            let _ = writeln!(out, "{:<name_width$}  … and {} more rows", "", lanes.len() - MAX_ROWS);
            break;
        }
        let lane_spans: Vec<&Bar<'_>> = spans.iter().filter(|s| s.lane == *lane).collect();
        let cells = cells(&lane_spans, end);
        let done = lane_spans.iter().filter(|s| s.outcome == Outcome::Done).count();
        let failed = lane_spans.iter().filter(|s| s.outcome == Outcome::Failed).count();
        let dropped = lane_spans.iter().filter(|s| s.outcome == Outcome::Dropped).count();
        let busy: Duration = lane_spans.iter().map(|s| s.end - s.start).sum();
        let mut summary = format!("{done:>3} done, busy {}", fmt_duration(busy));
        if failed > 0 {
            let _ = write!(summary, ", {failed} failed");
        }
        if dropped > 0 {
            let _ = write!(summary, ", {dropped} dropped");
        }
        let _ = writeln!(out, "{lane:<name_width$}  {cells}  {summary}");
    }
    let column = end / WIDTH as u32;
    let _ = writeln!(
        out,
        "{:<name_width$}  one column = {}; █ busy, ▌ busy part of the time, · idle, ✗ failed, ⊘ dropped",
        "",
        fmt_duration(column)
    );
    out
}

/// One row of a [`marks`] drawing: a lane, what happened on it when (one character each), and a
/// summary to the right.
pub struct MarkRow {
    pub lane: String,
    pub marks: Vec<(Duration, char)>,
    pub summary: String,
}

/// Draws events rather than spans: a row per lane, and in each column the mark of what happened
/// then, `·` where nothing did; where two fall in one column, `merge(earlier, later)` says what
/// to draw. For worlds whose story is messages, not work: who got what, when. `legend` explains
/// the marks.
pub fn marks(rows: &[MarkRow], end: Duration, merge: impl Fn(char, char) -> char, legend: &str) -> String {
    let end = rows
        .iter()
        .flat_map(|row| row.marks.iter().map(|(at, _)| *at))
        .fold(end, Duration::max)
        .max(Duration::from_millis(1));
    let name_width = rows.iter().map(|r| r.lane.chars().count()).max().unwrap_or(0).max(8);
    let mut out = String::new();
    axis(&mut out, name_width, end);
    for (n, row) in rows.iter().enumerate() {
        if n == MAX_ROWS {
            let _ = writeln!(out, "{:<name_width$}  … and {} more rows", "", rows.len() - MAX_ROWS);
            break;
        }
        let mut cells = vec!['·'; WIDTH];
        for (at, mark) in &row.marks {
            let column = ((at.as_secs_f64() / end.as_secs_f64()) * WIDTH as f64) as usize;
            let cell = &mut cells[column.min(WIDTH - 1)];
            *cell = if *cell == '·' { *mark } else { merge(*cell, *mark) };
        }
        let cells: String = cells.into_iter().collect();
        let _ = writeln!(out, "{:<name_width$}  {cells}  {}", row.lane, row.summary);
    }
    let _ = writeln!(
        out,
        "{:<name_width$}  one column = {}; {legend}",
        "",
        fmt_duration(end / WIDTH as u32)
    );
    out
}

fn axis(out: &mut String, name_width: usize, end: Duration) {
    let (left, mid, right) = ("0 s".to_string(), fmt_duration(end / 2), fmt_duration(end));
    let half = WIDTH / 2;
    let mut labels = left.clone();
    labels.push_str(&" ".repeat(half.saturating_sub(left.len() + mid.chars().count() / 2)));
    labels.push_str(&mid);
    let used = labels.chars().count();
    labels.push_str(&" ".repeat((WIDTH + 1).saturating_sub(used + right.chars().count())));
    labels.push_str(&right);
    let _ = writeln!(out, "{:<name_width$}  {labels}", "");
    let mut rule = String::from("├");
    rule.push_str(&"─".repeat(half - 1));
    rule.push('┼');
    rule.push_str(&"─".repeat(WIDTH - half - 1));
    rule.push('┤');
    let _ = writeln!(out, "{:<name_width$}  {rule}", "");
}

/// One character per column: how much of that slice of time the lane was busy.
fn cells(spans: &[&Bar<'_>], end: Duration) -> String {
    let end = end.as_secs_f64().max(1e-9);
    let width = end / WIDTH as f64;
    (0..WIDTH)
        .map(|col| {
            let (from, to) = (col as f64 * width, (col + 1) as f64 * width);
            let mut covered = 0.0;
            let mut failed = false;
            let mut dropped = false;
            for span in spans {
                let (s, e) = (span.start.as_secs_f64(), span.end.as_secs_f64());
                let overlap = e.min(to) - s.max(from);
                // A zero-length span still shows up in the column it happens in.
                if overlap > 0.0 || (s == e && s >= from && s < to) {
                    covered += overlap.max(0.0);
                    failed |= span.outcome == Outcome::Failed;
                    dropped |= span.outcome == Outcome::Dropped && e <= to;
                }
            }
            if failed {
                '✗'
            } else if dropped {
                '⊘'
            } else if covered >= width * 0.5 {
                '█'
            } else if covered > 0.0 {
                '▌'
            } else {
                '·'
            }
        })
        .collect()
}

/// Sorts `c2` before `c10`, and names without a trailing number before those with one.
fn natural_key(name: &str) -> (bool, String, u64) {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = name.split_at(name.len() - digits);
    (digits > 0, stem.to_owned(), number.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            lane: lane.into(),
            label: String::new(),
            key: (),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
            outcome: Outcome::Done,
        }
    }

    #[test]
    fn rows_are_in_natural_order_and_scaled() {
        let spans = vec![span("c10", 0, 600), span("c2", 600, 1200), span("producer", 0, 1200)];
        let text = render(&spans, Duration::ZERO);
        let rows: Vec<&str> = text.lines().collect();
        assert!(rows[0].contains("0 s") && rows[0].contains("1.20 s"), "{text}");
        assert!(rows[2].starts_with("producer"), "{text}");
        assert!(rows[3].starts_with("c2 "), "{text}");
        assert!(rows[4].starts_with("c10"), "{text}");
        let c10: String = rows[4].chars().skip(10).take(WIDTH).collect();
        assert_eq!(c10, format!("{}{}", "█".repeat(30), "·".repeat(30)));
        assert!(rows[4].ends_with("1 done, busy 600 ms"), "{text}");
    }
}
