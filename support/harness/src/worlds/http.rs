//! The world of the http kata: TODO what it simulates, what it records, and why.
//!
//! (The skeleton `workbook new` wrote: a desk that answers a question after a second of
//! simulated time. Keep its shape — a handle for the program, a log for the spec.)

use std::time::Duration;

use crate::core::record::{Outcome, Recorder};

/// How long the desk takes to answer a question.
pub const ANSWER_TIME: Duration = Duration::from_secs(1);

/// What the program holds: it can ask questions, and nothing else.
#[derive(Clone)]
pub struct Desk {
    recorder: Recorder<u64>,
}

/// What only the spec reads: every question, on a timeline.
pub struct DeskLog {
    recorder: Recorder<u64>,
}

impl Desk {
    /// A desk for the program, and its log for the spec.
    pub fn open() -> (Desk, DeskLog) {
        let recorder = Recorder::new();
        (
            Desk {
                recorder: recorder.clone(),
            },
            DeskLog { recorder },
        )
    }

    /// The answer to `question` (its double), after [`ANSWER_TIME`].
    pub async fn ask(&self, question: u64) -> u64 {
        let span = self
            .recorder
            .track(&format!("question {question}"), format!("#{question}"), question);
        tokio::time::sleep(ANSWER_TIME).await;
        span.finish(Outcome::Done);
        question * 2
    }
}

impl DeskLog {
    /// The record of every question asked.
    pub fn recorder(&self) -> &Recorder<u64> {
        &self.recorder
    }
}
