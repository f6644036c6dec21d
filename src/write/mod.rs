//! The writing stage: the renderers of reports (`report`: JSON, JSON Lines, human, CSV, HTML,
//! plain text), the reviewer's redline (`redline`) and the clauses written from the models
//! (`generate`: Markdown, text, HTML, DOCX). Each writes to the writer it is given; none judges.

pub mod generate;
pub mod output;
pub mod redline;
pub mod report;
