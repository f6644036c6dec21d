//! The judging stage: the rules that turn what was found into findings (`rules`), one
//! document at a time, and the consultation level (`consultation`) that groups the pieces of one
//! DCE and judges them together. Judging never reads a file and never writes bytes.

pub mod consultation;
pub mod rules;
pub mod verdict;
