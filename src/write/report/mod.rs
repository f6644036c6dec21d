//! The renderers of reports: `json` (the public contract, schema_version 1), `human` (for a
//! reviewer at a terminal), `csv` and `html` (for spreadsheets and people, from `scan`) and
//! `text` (the `clausier text` command). Each writes what it is given to the writer it is
//! given; the report model itself is `judge::verdict`, built by `analyse`.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
pub mod text;
