//! Failure messages that teach: what was measured, what was expected and why, what to try.

use std::fmt;
use std::time::Duration;

/// A failed check, written for the learner who will read it.
///
/// ```text
/// ✗ too slow: the run took 10.00 s of simulated time
///   measured  10.00 s
///   expected  at most 1.14 s (the lower bound 1.09 s, plus 5 %)
///   why       the producer puts item k no earlier than …
///   try       …
/// ```
#[derive(Clone, Debug, Default)]
#[must_use = "a Failure does nothing until you call .fail()"]
pub struct Failure {
    title: String,
    lines: Vec<(&'static str, String)>,
    timeline: Option<String>,
    /// What the timeline's rows and clock are, when not a simulated run's workers.
    timeline_heading: Option<String>,
}

impl Failure {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    fn line(mut self, label: &'static str, text: impl Into<String>) -> Self {
        self.lines.push((label, text.into()));
        self
    }

    /// What the check saw.
    pub fn measured(self, text: impl Into<String>) -> Self {
        self.line("measured", text)
    }

    /// What it should have seen.
    pub fn expected(self, text: impl Into<String>) -> Self {
        self.line("expected", text)
    }

    /// Why that is the expectation (for timing: how the bound is derived).
    pub fn why(self, text: impl Into<String>) -> Self {
        self.line("why", text)
    }

    /// Something else worth knowing.
    pub fn note(self, text: impl Into<String>) -> Self {
        self.line("note", text)
    }

    /// What to try next.
    pub fn hint(self, text: impl Into<String>) -> Self {
        self.line("try", text)
    }

    /// A rendered [`crate::timeline`] of the run.
    pub fn timeline(mut self, timeline: String) -> Self {
        self.timeline = Some(timeline);
        self
    }

    /// The same, for a timeline that is not one of simulated time with a row per worker:
    /// `heading` says what it is (`"real time, one row per TCP connection"`).
    pub fn timeline_headed(mut self, heading: impl Into<String>, timeline: String) -> Self {
        self.timeline = Some(timeline);
        self.timeline_heading = Some(heading.into());
        self
    }

    /// Fails the test with this message.
    #[track_caller]
    pub fn fail(self) -> ! {
        panic!("{self}")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Start on a fresh line: libtest prints "panicked at file:line:" right before us.
        writeln!(f, "\n✗ {}", self.title)?;
        for (label, text) in &self.lines {
            for (i, row) in wrap(text, 88).iter().enumerate() {
                let label = if i == 0 { *label } else { "" };
                writeln!(f, "  {label:<9} {row}")?;
            }
        }
        if let Some(timeline) = &self.timeline {
            let heading = self
                .timeline_heading
                .as_deref()
                .unwrap_or("simulated time, one row per worker");
            writeln!(f, "\n  timeline ({heading}):")?;
            for row in timeline.lines() {
                writeln!(f, "  {row}")?;
            }
        }
        Ok(())
    }
}

/// Splits text into rows of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    for paragraph in text.split('\n') {
        let mut row = String::new();
        for word in paragraph.split(' ') {
            if !row.is_empty() && row.chars().count() + 1 + word.chars().count() > width {
                rows.push(std::mem::take(&mut row));
            }
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
        }
        rows.push(row);
    }
    rows
}

/// Whether `text` says `word` as a word: no letter or digit right before or after it — so a
/// check for "task 37" or "c2" in an error message is not fooled by "task 370" or "c21".
pub fn has_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// The fastest a correct program can be, and how we know.
#[derive(Clone, Debug)]
pub struct TimeBound {
    /// No correct program is faster than this.
    pub lower: Duration,
    /// How `lower` follows from the exercise's fixed numbers, in words and arithmetic.
    pub derivation: String,
    /// How far above `lower` still passes, as a fraction (0.05 = 5 %).
    pub tolerance: f64,
    /// What doing the work one piece at a time would take, and how that is computed.
    pub one_at_a_time: Option<(Duration, String)>,
}

impl TimeBound {
    /// The slowest time that still passes.
    pub fn upper(&self) -> Duration {
        self.lower.mul_f64(1.0 + self.tolerance)
    }

    /// Checks a measured simulated time against the bound: within the tolerance above it, and
    /// not below it (that would mean the fixed work was skipped).
    pub fn check(&self, measured: Duration) -> Result<(), Failure> {
        let pct = (self.tolerance * 100.0).round();
        if measured > self.upper() {
            let mut failure = Failure::new(format!(
                "too slow: the run took {} of simulated time",
                fmt_duration(measured)
            ))
            .measured(fmt_duration(measured))
            .expected(format!(
                "at most {} — the lower bound {} plus {pct} %",
                fmt_duration(self.upper()),
                fmt_duration(self.lower)
            ))
            .why(self.derivation.clone());
            if let Some((sequential, how)) = &self.one_at_a_time {
                failure = failure.note(format!(
                    "one at a time it takes {} ({how}); your run is {:.1}× as fast as that, and the bound {:.1}×",
                    fmt_duration(*sequential),
                    sequential.as_secs_f64() / measured.as_secs_f64(),
                    sequential.as_secs_f64() / self.lower.as_secs_f64(),
                ));
            }
            return Err(failure);
        }
        if measured < self.lower {
            return Err(Failure::new(format!(
                "faster than possible: the run took {} of simulated time",
                fmt_duration(measured)
            ))
            .measured(fmt_duration(measured))
            .expected(format!("at least {}", fmt_duration(self.lower)))
            .why(self.derivation.clone())
            .note("no correct program is this fast: some prescribed work was skipped, or done at the same time where it must not be"));
        }
        Ok(())
    }
}

/// Formats a duration the way a person reads it: `100 ms`, `1.09 s`, `12 h`, `1 h 0 min 5 s`.
pub fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 60.0 {
        let total = d.as_secs();
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        let mut parts = Vec::new();
        if h > 0 {
            parts.push(format!("{h} h"));
        }
        if m > 0 || (h > 0 && s > 0) {
            parts.push(format!("{m} min"));
        }
        if s > 0 {
            parts.push(format!("{s} s"));
        }
        parts.join(" ")
    } else if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if d >= Duration::from_millis(1) {
        let ms = secs * 1e3;
        if (ms - ms.round()).abs() < 1e-6 {
            format!("{ms:.0} ms")
        } else {
            format!("{ms:.1} ms")
        }
    } else if d.is_zero() {
        "0 s".to_owned()
    } else {
        format!("{:.0} µs", secs * 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(fmt_duration(Duration::from_millis(100)), "100 ms");
        assert_eq!(fmt_duration(Duration::from_micros(12_500)), "12.5 ms");
        assert_eq!(fmt_duration(Duration::from_millis(1090)), "1.09 s");
        assert_eq!(fmt_duration(Duration::from_secs(12 * 3600)), "12 h");
        assert_eq!(fmt_duration(Duration::from_secs(3605)), "1 h 0 min 5 s");
        assert_eq!(fmt_duration(Duration::from_secs(90)), "1 min 30 s");
        assert_eq!(fmt_duration(Duration::from_micros(3)), "3 µs");
        assert_eq!(fmt_duration(Duration::ZERO), "0 s");
    }

    #[test]
    fn words_are_whole() {
        assert!(has_word("worker 3 failed on task 37", "task 37"));
        assert!(!has_word("task 370 panicked", "task 37"));
        assert!(has_word("consumer c2 failed", "c2"));
        assert!(!has_word("consumer c21 failed", "c2"));
    }

    #[test]
    fn a_bound_fails_slow_and_impossible_runs() {
        let bound = TimeBound {
            lower: Duration::from_millis(1090),
            derivation: "because".into(),
            tolerance: 0.05,
            one_at_a_time: Some((Duration::from_secs(10), "100 × 100 ms".into())),
        };
        assert!(bound.check(Duration::from_millis(1090)).is_ok());
        assert!(bound.check(Duration::from_millis(1140)).is_ok());
        let slow = bound.check(Duration::from_secs(10)).unwrap_err().to_string();
        assert!(slow.contains("too slow"), "{slow}");
        assert!(slow.contains("at most 1.14 s"), "{slow}");
        assert!(slow.contains("one at a time it takes 10.00 s"), "{slow}");
        let fast = bound.check(Duration::from_millis(500)).unwrap_err().to_string();
        assert!(fast.contains("faster than possible"), "{fast}");
    }
}
