//! Markdown text. (placeholder)
use crate::document::Extracted;
use crate::error::{Code, Problem};
pub(crate) fn read(_bytes: &[u8]) -> Result<Extracted, Problem> {
    Err(Problem::new(Code::UnsupportedFormat, "md not yet"))
}
