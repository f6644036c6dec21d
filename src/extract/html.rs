//! HTML text. (placeholder)
use crate::document::Extracted;
use crate::error::{Code, Problem};
use crate::extract::Limits;
pub(crate) fn read(_bytes: &[u8], _limits: &Limits) -> Result<Extracted, Problem> {
    Err(Problem::new(Code::UnsupportedFormat, "html not yet"))
}
