//! The per-file time limit, checked cooperatively by every stage of the pipeline (reading,
//! normalising, sections, detection, figures, checks, printing), in one of two ways.
//!
//! Readers hold a [`Deadline`] (and a [`Ticker`] in their loops) and return a coded `timeout`
//! problem like any other reading problem: their errors are values already. The stages after
//! reading call [`tick`] instead.
//!
//! The limit is set for the thread that handles one file; stages call [`tick`] in their loops.
//! Once the time is up, `tick` unwinds the stack with an [`Expired`] payload, which the code
//! that handles the file turns into a `timeout` line. Unwinding (rather than a `Result` through
//! every stage) keeps the stages plain functions, and stops a runaway stage wherever it is;
//! `resume_unwind` does not run the panic hook, so nothing is printed. Without a limit set,
//! `tick` does nothing.

use crate::base::error::{Code, Problem};
use crate::msg;
use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static STEPS: Cell<u32> = const { Cell::new(0) };
}

/// The payload a stage unwinds with when the file's time is up.
#[derive(Debug)]
pub struct Expired;

/// Runs `f` with `deadline` as this thread's limit; `Err(Expired)` if it ran out. Other panics
/// go on unwinding.
pub fn within<T>(deadline: Instant, f: impl FnOnce() -> T) -> Result<T, Expired> {
    let previous = DEADLINE.replace(Some(deadline));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEADLINE.set(previous);
    match result {
        Ok(value) => Ok(value),
        Err(payload) if is_expired(payload.as_ref()) => Err(Expired),
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Whether a panic payload is the end of a file's time.
pub fn is_expired(payload: &(dyn Any + Send)) -> bool {
    payload.is::<Expired>()
}

/// One step of work: unwinds with [`Expired`] once the limit has passed. Reads the clock every
/// 256 steps, so it may be called per character.
#[inline]
pub fn tick() {
    let steps = STEPS.get().wrapping_add(1);
    STEPS.set(steps);
    if steps.is_multiple_of(256) {
        check();
    }
}

/// Unwinds with [`Expired`] if the limit has passed (reads the clock now).
pub fn check() {
    if DEADLINE
        .get()
        .is_some_and(|deadline| Instant::now() > deadline)
    {
        panic::resume_unwind(Box::new(Expired));
    }
}

/// A deadline that readers poll in their loops, so that an in-process read stops by itself
/// instead of leaving a runaway thread behind.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Instant);

impl Deadline {
    /// The deadline `timeout` from now.
    pub fn after(timeout: Duration) -> Self {
        Deadline(Instant::now() + timeout)
    }

    /// Time left before the deadline (zero once passed).
    pub fn remaining(&self) -> Duration {
        self.0.saturating_duration_since(Instant::now())
    }

    /// `Err(timeout)` once the deadline has passed.
    pub fn check(&self) -> Result<(), Problem> {
        if Instant::now() > self.0 {
            Err(Problem::new(
                Code::Timeout,
                msg!("problem.timeout.deadline"),
            ))
        } else {
            Ok(())
        }
    }
}

/// Counts work steps and checks the deadline every so often, so that a walk over a huge or
/// hostile tree stops on time without paying for a clock read at every step.
pub struct Ticker {
    deadline: Deadline,
    steps: u32,
}

impl Ticker {
    pub fn new(deadline: Deadline) -> Self {
        Ticker { deadline, steps: 0 }
    }

    /// One step of work; `Err(timeout)` once the deadline has passed.
    pub fn tick(&mut self) -> Result<(), Problem> {
        self.steps = self.steps.wrapping_add(1);
        if self.steps.is_multiple_of(1024) {
            self.deadline.check()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_stage_past_its_time_stops_and_others_run_free() {
        let past = Instant::now() - Duration::from_secs(1);
        assert!(within(past, || loop {
            tick();
        })
        .is_err());
        let later = Instant::now() + Duration::from_secs(60);
        assert_eq!(within(later, || 42).unwrap(), 42);
        // Outside any limit, ticking never stops anything.
        for _ in 0..1000 {
            tick();
        }
        let other = panic::catch_unwind(|| within(later, || panic!("a bug")));
        assert!(other.is_err(), "other panics keep unwinding");
    }
}
