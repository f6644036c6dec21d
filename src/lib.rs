//! clausier finds, checks and generates the social insertion clauses ("clauses sociales
//! d'insertion") of French public procurement documents.
//!
//! The folders are the pipeline. A file is read (`read`), what it is and what it says is found
//! (`find`), found clauses and facts are judged (`judge`), and the result is written (`write`);
//! `analyse` drives the stages for one reading and for a batch. `template` holds the model
//! clauses every stage reads, `base` the leaves they share:
//!
//! ```text
//! read ────────▶ find ──────────▶ judge ────────────▶ write
//!  extract        role             rules/<id>          report: json, human, csv, html, text
//!  normalize      detect, form     verdict             redline
//!  segment        params, facts    consultation        generate
//!     ▲              ▲                 ▲                  ▲
//!     └──── analyse: one reading, or a batch (scan) ──────┘
//! template: the models and dated rule tables of clause-templates/, read by find, judge, write
//! base: dates, numbers, messages, typography, escaping, time limits, errors (used by all)
//! ```
//!
//! [`read()`] runs the reading stage on one file and never fails: a file that cannot be read
//! comes back with a coded [`Problem`](base::error::Problem).

pub mod analyse;
pub mod base;
pub mod find;
pub mod judge;
pub mod read;
pub mod template;
pub mod write;

pub use read::{read, read_all, ReadOptions, Reading};
