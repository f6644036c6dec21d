//! Leaves every stage may use and that use no stage: dates and numbers as French documents
//! write them, the message catalogue and its typography, cooperative time limits, and the coded
//! errors. Nothing here reads a file or knows what a clause is.

pub mod dates;
pub(crate) mod deadline;
pub mod error;
pub(crate) mod escape;
pub mod i18n;
pub(crate) mod message;
pub(crate) mod numbers;
pub mod pattern;
pub mod typography;
